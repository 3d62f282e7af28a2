"""The error of one row of a submission file."""


class SubmissionRowError(ValueError):
    """A row of a submission file is not what its format says.

    Args:
        kind (str): The kind of problem, one of the report's kinds (e.g.
            ``'wrong_type'``, ``'missing_value'``, ``'unknown_class'``, or
            a task's own such as ``'empty_box'``).
        message (str): What is wrong and what was expected.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
