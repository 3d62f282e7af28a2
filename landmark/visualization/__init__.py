from .box_drawing import draw_boxes, font_scale_for, line_width_for

__all__ = ['draw_boxes', 'font_scale_for', 'line_width_for']
