from landmark.segmentation.datasets.converters.colour_masks import (
    ColourMaskError, ConversionReport, check_pairs, colour_counts,
    colours_to_index, convert_colour_masks, count_mask_colours, find_masks,
    palette_from_colours, parse_palette, read_colour_mask)

__all__ = [
    'ColourMaskError', 'ConversionReport', 'check_pairs', 'colour_counts',
    'colours_to_index', 'convert_colour_masks', 'count_mask_colours',
    'find_masks', 'palette_from_colours', 'parse_palette', 'read_colour_mask'
]
