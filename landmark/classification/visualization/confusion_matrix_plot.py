"""A confusion matrix drawn to a PNG file."""
import io
from typing import Sequence

import torch
from mmpretrain.evaluation import ConfusionMatrix

from landmark.core.atomic_io import write_bytes_atomic


def save_confusion_matrix_png(matrix: torch.Tensor,
                              class_names: Sequence[str],
                              out_file: str,
                              title: str = 'Confusion matrix') -> None:
    """Draw ``matrix`` (rows = true class, columns = predicted) with
    mmpretrain's ``ConfusionMatrix.plot`` and write it atomically."""
    import matplotlib.pyplot as plt
    matrix = torch.as_tensor(matrix)
    if tuple(matrix.shape) != (len(class_names), len(class_names)):
        raise ValueError(f'confusion matrix of shape {tuple(matrix.shape)} '
                         f'for {len(class_names)} classes; expected square')
    figure = ConfusionMatrix.plot(
        matrix, include_values=True, classes=list(class_names), show=False)
    figure.set_size_inches(5, 5)
    figure.axes[0].set_title(title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format='png', dpi=80, bbox_inches='tight')
    plt.close(figure)
    write_bytes_atomic(buffer.getvalue(), out_file)
