from ctip.stats.engine.exports import Sheet, UnodcRow, pdf, unodc_csv, xlsx


def test_exports_open_and_leave_hidden_values_out_of_unodc():
    sheet = Sheet("T", "2025", ("Sex", "Count"), (("Nữ", 40), ("Nam", None)), ("note",), "ẩn")
    assert xlsx(sheet)[:2] == b"PK"
    assert pdf(sheet).startswith(b"%PDF")
    text = unodc_csv(
        [
            UnodcRow("Detected trafficking victims", "Total", "Total", "Female", "Total", 2025, 40),
            UnodcRow("Detected trafficking victims", "Total", "Total", "Male", "Total", 2025, None),
        ]
    )
    assert text.splitlines() == [
        "country,indicator,dimension,category,sex,age,year,value",
        "VNM,Detected trafficking victims,Total,Total,Female,Total,2025,40",
    ]
