from landmark.core.submission import SubmissionReport


def test_summary_counts_kinds_in_the_report_order():
    report = SubmissionReport(
        'sub.csv', num_rows=3, num_images=2, kinds=('wrong_type', 'empty_box'))
    report.add('empty_box', 'no area', row=3, image_id='b')
    report.add('wrong_type', 'not a number', row=2, image_id='a')
    assert report.summary().splitlines() == [
        'sub.csv: 3 row(s), 2 image(s); 2 problem(s): 1 wrong_type, '
        '1 empty_box',
        "  [empty_box] row 3, image 'b': no area",
        "  [wrong_type] row 2, image 'a': not a number",
    ]


def test_header_in_another_order_is_one_problem():
    report = SubmissionReport('sub.csv')
    report.check_header(['b', 'a'], ['a', 'b'])
    [problem] = report.problems
    assert (problem.kind, problem.row) == ('wrong_column', 1)
    assert 'another order' in problem.message
