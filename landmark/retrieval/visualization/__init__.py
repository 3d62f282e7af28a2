from landmark.retrieval.visualization.retrieval_grid import draw_query_results

__all__ = ['draw_query_results']
