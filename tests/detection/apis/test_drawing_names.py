from landmark.detection.apis import drawing_clash_notes, drawing_names


def test_distinct_photos_keep_their_names():
    names, clashes = drawing_names(['a/x.jpg', 'a/y.PNG', 'b/z.bmp'])
    # JPEG and PNG keep their extension (lower case), others become .jpg
    assert names == ['x.jpg', 'y.png', 'z.jpg']
    assert clashes == []


def test_same_name_in_two_folders_gets_two_drawings():
    paths = ['a/x.jpg', 'b/y.jpg', 'b/x.jpg', 'c/X.bmp']
    names, clashes = drawing_names(paths)
    # x.jpg, x.jpg and X.bmp (drawn as X.jpg: the same file on a
    # case-insensitive disk) take their index in the input list
    assert names == ['x_0.jpg', 'y.jpg', 'x_2.jpg', 'X_3.jpg']
    assert clashes == [('x.jpg', [0, 2, 3])]
    (note, ) = drawing_clash_notes(paths, names, clashes)
    assert 'a/x.jpg, b/x.jpg, c/X.bmp' in note
    assert 'x_0.jpg, x_2.jpg, X_3.jpg' in note


def test_a_suffixed_name_never_takes_another_photo_s_name():
    # x_1.jpg is a photo of its own; the clashing x.jpg at index 1 must not
    # be drawn over it
    names, _ = drawing_names(['a/x.jpg', 'b/x.jpg', 'c/x_1.jpg'])
    assert names == ['x_0.jpg', 'x_1_1.jpg', 'x_1.jpg']
    assert len({n.lower() for n in names}) == 3


def test_the_extension_can_be_chosen():
    names, clashes = drawing_names(['a/x.jpg', 'b/x.png'], lambda p: '.png')
    assert names == ['x_0.png', 'x_1.png']
    assert clashes == [('x.png', [0, 1])]
