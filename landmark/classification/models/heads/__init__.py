from landmark.classification.models.heads.hierarchical_cls_head import \
    HierarchicalClsHead
from landmark.classification.models.heads.normed_linear_cls_head import \
    NormedLinearClsHead

__all__ = ['HierarchicalClsHead', 'NormedLinearClsHead']
