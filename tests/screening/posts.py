"""Posts shared by the screening tests."""

LURE = (
    "Tuyển gấp nhân viên CSKH đi Campuchia, lương 20tr/tháng, bao ăn ở, k cần kn. "
    "Liên hệ Zalo 0912 345 678 hoặc Telegram @tuyendung_vip, web http://viecnhe.vip/dangky"
)
LEGIT = (
    "Công ty TNHH May Hòa Phát tuyển công nhân may tại Bắc Ninh, lương 8 triệu, "
    "đóng BHXH đầy đủ, ký hợp đồng lao động, phỏng vấn trực tiếp tại văn phòng."
)
XSS = (
    'Việc nhẹ lương cao đi Campuchia 30tr <script>alert("x")</script> '
    '<img src=x onerror=alert(1)> ib Telegram @boss_cpc "quotes" & ampersand'
)
