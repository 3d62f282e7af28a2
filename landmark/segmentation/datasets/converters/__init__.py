from landmark.segmentation.datasets.converters.colour_masks import (
    ColourMaskError, ConversionReport, MaskSurvey, check_pairs, colour_counts,
    colours_to_index, convert_colour_masks, count_mask_colours, find_masks,
    mixed_mask_kinds, palette_from_colours, parse_palette, read_colour_mask,
    survey_masks)

__all__ = [
    'ColourMaskError', 'ConversionReport', 'MaskSurvey', 'check_pairs',
    'colour_counts', 'colours_to_index', 'convert_colour_masks',
    'count_mask_colours', 'find_masks', 'mixed_mask_kinds',
    'palette_from_colours', 'parse_palette', 'read_colour_mask',
    'survey_masks'
]
