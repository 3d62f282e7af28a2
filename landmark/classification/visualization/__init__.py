from landmark.classification.visualization.confusion_matrix_plot import \
    save_confusion_matrix_png

__all__ = ['save_confusion_matrix_png']
