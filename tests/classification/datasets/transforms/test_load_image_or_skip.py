from landmark.classification.datasets import LoadImageOrSkip


def test_undecodable_image_skipped_and_counted(tmp_path, make_image):
    good = make_image(str(tmp_path / 'good.png'), 50)
    bad = tmp_path / 'bad.jpg'
    bad.write_bytes(b'\xff\xd8\xff\xe0 then garbage')
    load = LoadImageOrSkip()
    assert load(dict(img_path=good))['img'].shape == (16, 16, 3)
    assert load(dict(img_path=str(bad))) is None
    assert load.problems.num_skipped == 1
    assert load.problems.problems[0].source == str(bad)
