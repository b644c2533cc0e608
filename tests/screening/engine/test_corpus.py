"""The corpus: size, provenance, balance of written and template posts, no near
duplicates, and a recorded split that never changes under the same data."""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse

from ctip.screening.engine.corpus import (
    SPLIT_PATH,
    Example,
    examples,
    fold_key,
    generated,
    handwritten,
    held_out_examples,
    part,
    recorded_split,
    sources,
    split_rows,
    training_examples,
)
from ctip.screening.engine.text import FOLD_TABLE
from ctip.screening.engine.types import CATEGORIES

# Two written posts sharing more than this share of their character 5-grams (folded,
# spacing collapsed) are one post written twice.
NEAR_DUPLICATE = 0.5


def _shingle_matrix(texts: list[str]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        key = fold_key(text)
        for gram in {key[j : j + 5] for j in range(max(len(key) - 4, 1))}:
            rows.append(i)
            cols.append(vocab.setdefault(gram, len(vocab)))
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocab)))


def near_duplicates(
    data: list[Example], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, str]]:
    x = _shingle_matrix([e.text for e in data])
    inter = (x @ x.T).toarray()
    sizes = np.asarray(x.sum(axis=1)).ravel()
    jaccard = inter / (sizes[:, None] + sizes[None, :] - inter)
    np.fill_diagonal(jaccard, 0.0)
    first, second = np.nonzero(np.triu(jaccard) > threshold)
    return [(data[a].id, data[b].id) for a, b in zip(first, second, strict=True)]


def test_near_duplicate_check_catches_a_post_written_twice() -> None:
    post = "Tuyển gấp 5 bạn nữ làm lễ tân khách sạn bên Campuchia, lương 1200$, bao vé máy bay"
    twice = [
        Example("a", "trafficking_lure", "vi", post, "p"),
        Example("b", "trafficking_lure", "vi", post.replace("5 bạn", "6 ban") + " ib em", "p"),
        Example("c", "legitimate", "vi", "Quán cà phê cần 2 bạn pha chế ca tối, 25k/giờ", "p"),
    ]
    assert near_duplicates(twice) == [("a", "b")]


def test_written_posts_are_distinct() -> None:
    written = handwritten()
    assert near_duplicates(written) == []
    assert len({fold_key(e.text) for e in written}) == len(written)


def test_corpus_is_large_labelled_and_every_post_has_provenance() -> None:
    data = list(examples())
    assert len({fold_key(e.text) for e in data}) >= 1500
    assert {e.label for e in data} == set(CATEGORIES)
    assert all(e.provenance for e in data)
    assert {e.style for e in data} == {"informal", "formal"}
    kinds = sources()
    for kind in kinds.values():
        assert all(kind[field] for field in ("kind", "description", "public_source"))


def test_templates_are_never_the_majority_of_a_class() -> None:
    written = Counter(e.label for e in handwritten())
    templated = Counter(e.label for e in generated())
    for label in CATEGORIES:
        assert templated[label] < written[label], label


def test_style_is_not_a_label() -> None:
    cells = Counter((e.label, e.lang, e.style) for e in handwritten())
    for label in CATEGORIES:
        for lang in ("vi", "en"):
            assert cells[(label, lang, "informal")] >= 40, (label, lang)
            assert cells[(label, lang, "formal")] >= 3, (label, lang)


def test_vietnamese_is_written_with_and_without_diacritics_and_in_teencode() -> None:
    vi = [e for e in handwritten() if e.lang == "vi"]
    bare = Counter(e.label for e in vi if e.text.translate(FOLD_TABLE).lower() == e.text.lower())
    for label in CATEGORIES:
        assert bare[label] >= 10, label
    folded = [fold_key(e.text) for e in vi]
    for word in (" ib ", "ko can kn", "bao an o", "ky quy", "phi cam ket", "coc", "phi giu cho"):
        assert sum(word in f" {text} " for text in folded) >= 2, word


def test_regional_and_fee_vocabulary_appear_in_english() -> None:
    en = [fold_key(e.text) for e in handwritten() if e.lang == "en"]
    for phrase in (
        "converted on arrival",
        "slot deposit",
        "confirmation fee",
        "commitment fee",
        "security fee",
        "deposit",
        "thailand",
        "singapore",
        "japan",
    ):
        assert sum(phrase in text for text in en) >= 2, phrase


def test_split_is_recorded_and_reproduced_by_the_hash() -> None:
    rows = [line for line in SPLIT_PATH.read_text("utf-8").splitlines() if not line.startswith("#")]
    assert rows == split_rows()
    recorded = recorded_split()
    assert all(recorded[e.id] == part(e) for e in examples())


def test_split_keeps_template_variants_together_and_holds_every_class() -> None:
    test, train = held_out_examples(), training_examples()
    assert not {e.id for e in test} & {e.id for e in train}
    assert not {e.template for e in test if e.template} & {e.template for e in train if e.template}
    share = len(test) / (len(test) + len(train))
    assert 0.12 < share < 0.28
    assert set(Counter(e.label for e in test)) == set(CATEGORIES)
