import os.path as osp

import cv2
import numpy as np
import pytest

from landmark.core import DataProblemError
from landmark.detection.datasets import convert_voc_to_coco
from landmark.testing import write_truncated_jpeg

VOC_TEMPLATE = """<annotation>
  <filename>{filename}</filename>
  <size><width>{w}</width><height>{h}</height><depth>3</depth></size>
  {objects}
</annotation>"""
OBJECT_TEMPLATE = """<object><name>{name}</name><difficult>0</difficult>
  <bndbox><xmin>{box[0]}</xmin><ymin>{box[1]}</ymin><xmax>{box[2]}</xmax>
  <ymax>{box[3]}</ymax></bndbox></object>"""


def write_voc(folder,
              stem,
              image_size,
              objects,
              filename=None,
              size=None,
              ext='.jpg'):
    """Write a (h, w) black JPEG and its VOC file; objects: (name, box)."""
    h, w = image_size
    cv2.imwrite(osp.join(folder, stem + ext), np.zeros((h, w, 3), np.uint8))
    ann_w, ann_h = size or (w, h)
    xml = VOC_TEMPLATE.format(
        filename=filename or stem + ext,
        w=ann_w,
        h=ann_h,
        objects=''.join(
            OBJECT_TEMPLATE.format(name=n, box=b) for n, b in objects))
    with open(osp.join(folder, stem + '.xml'), 'w') as f:
        f.write(xml)


def test_good_file_converts_to_xywh_boxes(tmp_path):
    write_voc(str(tmp_path), 'a', (60, 80), [('arch', (10, 20, 50, 60))])
    coco, log = convert_voc_to_coco(str(tmp_path))
    assert not log.problems
    assert coco['images'] == [
        dict(id=1, file_name='a.jpg', width=80, height=60)
    ]
    # xyxy (10, 20, 50, 60) -> xywh (10, 20, 40, 40)
    assert coco['annotations'][0]['bbox'] == [10, 20, 40, 40]
    assert coco['categories'] == [dict(id=1, name='arch')]


def test_size_mismatch_trusts_the_image(tmp_path):
    write_voc(
        str(tmp_path),
        'a', (60, 80), [('arch', (1, 1, 9, 9))],
        size=(800, 600))
    coco, log = convert_voc_to_coco(str(tmp_path))
    assert (coco['images'][0]['width'], coco['images'][0]['height']) == (80,
                                                                         60)
    [problem] = log.problems
    assert problem.kind == 'size_mismatch' and not problem.skipped
    assert 'a.xml' in problem.source and '800x600' in problem.message


def test_box_outside_is_clipped_or_skipped(tmp_path):
    write_voc(str(tmp_path), 'a', (60, 80), [('arch', (-5, 10, 90, 50))])
    coco, log = convert_voc_to_coco(str(tmp_path), box_outside='clip')
    assert coco['annotations'][0]['bbox'] == [0, 10, 80, 40]
    assert log.problems[0].kind == 'box_outside'
    assert not log.problems[0].skipped

    coco, log = convert_voc_to_coco(str(tmp_path), box_outside='error')
    assert coco['annotations'] == [] and len(coco['images']) == 1
    assert log.problems[0].skipped and log.problems[0].where == 'object 1'


def test_bad_items_are_skipped_and_named_the_rest_kept(tmp_path):
    folder = str(tmp_path)
    write_voc(folder, 'good', (60, 80), [('arch', (1, 1, 9, 9)),
                                         ('dome', (5, 5, 5, 30)),
                                         ('ufo', (1, 1, 9, 9))])
    write_voc(folder, 'missing', (60, 80), [('arch', (1, 1, 9, 9))])
    (tmp_path / 'missing.jpg').unlink()
    write_voc(folder, 'corrupt', (60, 80), [('arch', (1, 1, 9, 9))])
    (tmp_path / 'corrupt.jpg').write_bytes(b'not a jpeg at all')
    (tmp_path / 'broken.xml').write_text('<annotation><filename>')

    coco, log = convert_voc_to_coco(folder, classes=['arch', 'dome'])
    assert [im['file_name'] for im in coco['images']] == ['good.jpg']
    assert len(coco['annotations']) == 1
    kinds = {p.kind: p for p in log.problems}
    assert set(kinds) == {
        'empty_box', 'unknown_class', 'missing_image', 'unreadable_image',
        'bad_annotation'
    }
    assert kinds['unknown_class'].where == 'object 3'
    assert "'ufo'" in kinds['unknown_class'].message
    assert kinds['missing_image'].source.endswith('missing.xml')
    assert kinds['unreadable_image'].source.endswith('corrupt.jpg')
    assert kinds['bad_annotation'].source.endswith('broken.xml')

    with pytest.raises(DataProblemError, match='broken.xml'):  # 1st file
        convert_voc_to_coco(folder, classes=['arch', 'dome'], strict=True)


def test_truncated_jpeg_is_reported_not_listed(tmp_path):
    folder = str(tmp_path)
    for stem in ('good', 'truncated'):
        write_voc(folder, stem, (60, 80), [('arch', (1, 1, 9, 9))])
    # 80x60 as annotated: only the pixels are missing
    write_truncated_jpeg(str(tmp_path / 'truncated.jpg'))
    coco, log = convert_voc_to_coco(folder, classes=['arch'])
    assert [im['file_name'] for im in coco['images']] == ['good.jpg']
    assert [(p.kind, osp.basename(p.source))
            for p in log.problems] == [('unreadable_image', 'truncated.jpg')]


def test_non_numeric_values_and_a_partial_size_are_named(tmp_path):
    folder = str(tmp_path)
    write_voc(folder, 'abc', (60, 80), [('arch', ('abc', 1, 9, 9)),
                                        ('arch', (1, 1, 'nan', 9)),
                                        ('arch', (2, 2, 20, 20))])
    write_voc(folder, 'nowidth', (60, 80), [('arch', (1, 1, 9, 9))])
    xml = (tmp_path / 'nowidth.xml').read_text()
    (tmp_path / 'nowidth.xml').write_text(xml.replace('<width>80</width>', ''))
    write_voc(folder, 'badsize', (60, 80), [('arch', (1, 1, 9, 9))])
    xml = (tmp_path / 'badsize.xml').read_text()
    (tmp_path / 'badsize.xml').write_text(
        xml.replace('<width>80</width>', '<width>eighty</width>'))
    coco, log = convert_voc_to_coco(folder)  # problems, not an exception
    assert sorted(im['file_name'] for im in coco['images']) == [
        'abc.jpg', 'badsize.jpg', 'nowidth.jpg'
    ]
    assert len(coco['annotations']) == 3  # abc's third box and one each
    found = [(osp.basename(p.source), p.where, p.skipped, p.message)
             for p in log.problems]
    assert found == [
        ('abc.xml', 'object 1', True,
         '<xmin>abc</xmin>: expected a finite number'),
        ('abc.xml', 'object 2', True,
         '<xmax>nan</xmax>: expected a finite number'),
        ('badsize.xml', 'size', False,
         '<width>eighty</width>: expected a finite number; <size> ignored'),
    ]


def test_missing_annotation_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='gone.*does not exist'):
        convert_voc_to_coco(str(tmp_path / 'gone'))


def test_extension_case_differs_between_xml_and_file(tmp_path):
    write_voc(
        str(tmp_path),
        'IMG_1', (60, 80), [('king', (1, 1, 9, 9))],
        filename='IMG_1.jpg',
        ext='.JPG')
    coco, log = convert_voc_to_coco(str(tmp_path))
    assert not log.problems
    assert coco['images'][0]['file_name'] == 'IMG_1.JPG'


@pytest.mark.data
def test_raccoon_counts(shared_datasets):
    root = osp.join(shared_datasets, 'raccoon')
    coco, log = convert_voc_to_coco(
        osp.join(root, 'annotations'), osp.join(root, 'images'))
    assert log.num_skipped == 0
    assert len(coco['images']) == 200
    assert len(coco['annotations']) == 217
    assert [c['name'] for c in coco['categories']] == ['raccoon']


@pytest.mark.data
def test_cards_counts(shared_datasets):
    counts = {}
    for split in ('train', 'test'):
        folder = osp.join(shared_datasets, 'cards', split)
        coco, log = convert_voc_to_coco(folder)
        assert log.num_skipped == 0
        counts[split] = len(coco['images'])
        assert [c['name'] for c in coco['categories']
                ] == ['ace', 'jack', 'king', 'nine', 'queen', 'ten']
    assert counts == dict(train=296, test=67)
