"""Values kept per loaded object are made again exactly when the object is a new one."""

from __future__ import annotations

from macros.render.kept import PerObject


def test_a_value_is_made_once_per_object_and_again_for_an_equal_new_object_or_another_variant():
    made: list[tuple[str, ...]] = []

    def make(obj: tuple[str, ...]) -> str:
        made.append(obj)
        return "|".join(obj)

    kept: PerObject[tuple[str, ...], str] = PerObject()
    first = ("标题", "正文")
    assert kept.get(first, make) == "标题|正文" and kept.get(first, make) == "标题|正文"
    assert len(made) == 1
    edited = tuple(list(first))  # equal, but loaded anew: an edit
    assert edited is not first
    kept.get(edited, make)
    kept.get(first, make, variant=False)
    assert len(made) == 3


def test_the_store_is_emptied_when_full_rather_than_growing():
    kept: PerObject[object, int] = PerObject(limit=3)
    objects = [object() for _ in range(5)]
    for obj in objects:
        kept.get(obj, id)
    assert len(kept._held) <= 3
