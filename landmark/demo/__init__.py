"""What serves the demo and the synthetic default data only: the drawing of
the synthetic landmark photos (:mod:`landmark.demo.landmark_drawing`),
shared by the synthetic datasets of every task. Imports no task library.
"""
