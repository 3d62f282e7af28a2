from landmark.retrieval.apis.image_embedding import (cache_key, embed_batch,
                                                     embed_image_files,
                                                     embedding_pipeline_of,
                                                     load_embedding_model)
from landmark.retrieval.apis.retrieval_run import (RetrievalResult,
                                                   RetrievalSettings, retrieve)
from landmark.retrieval.apis.time_budget import (DEPTHS, RetrievalCosts,
                                                 choose_settings,
                                                 measure_costs, parse_duration)

__all__ = [
    'cache_key', 'embed_batch', 'embed_image_files', 'embedding_pipeline_of',
    'load_embedding_model', 'RetrievalResult', 'RetrievalSettings',
    'retrieve', 'DEPTHS', 'RetrievalCosts', 'choose_settings',
    'measure_costs', 'parse_duration'
]
