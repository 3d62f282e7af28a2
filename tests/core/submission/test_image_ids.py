import pytest

from landmark.core.submission import UniqueImageIds, image_id_sort_key


def test_numbers_sort_by_value():
    ids = ['b10', '100', 'a', '20', 'b9']
    assert sorted(
        ids, key=image_id_sort_key) == ['20', '100', 'a', 'b9', 'b10']


def test_a_shared_id_names_both_sources_and_the_hint():
    ids = UniqueImageIds('rename the files')
    ids.add('x', 'a/x.jpg')
    ids.add('y', 'a/y.jpg')
    with pytest.raises(ValueError, match="'a/x.jpg' and 'b/x.jpg'; rename"):
        ids.add('x', 'b/x.jpg')
