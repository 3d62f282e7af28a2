"""Optimizer wrappers MMEngine lacks: mixed precision on the CPU."""
from landmark.core.optim.cpu_amp_optim_wrapper import CPUAmpOptimWrapper

__all__ = ['CPUAmpOptimWrapper']
