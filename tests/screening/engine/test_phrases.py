"""Word sequences of a post: plain words only, runs broken by numbers, addresses, sentences."""

from __future__ import annotations

from ctip.screening.engine.phrases import phrases


def test_numbers_addresses_and_handles_break_a_sequence_and_are_never_kept() -> None:
    found = phrases(
        "Tuyển gấp: việc nhẹ lương cao, LH 0912345678 www.abc.vip hoặc @tuyen_dung. "
        "Việc nhẹ lương cao!"
    )
    assert found == {"việc nhẹ lương", "nhẹ lương cao", "lương cao lh"}
    assert not any(ch.isdigit() for p in found for ch in p)


def test_a_post_gives_each_sequence_once_and_at_most_the_limit() -> None:
    assert phrases("một hai ba một hai ba") == {"một hai ba", "hai ba một", "ba một hai"}
    assert len(phrases(" ".join(f"từ{chr(97 + i % 26)}x" for i in range(50)), limit=5)) == 5
