from landmark.classification.models.classifiers.rsg_image_classifier import \
    RSGImageClassifier

__all__ = ['RSGImageClassifier']
