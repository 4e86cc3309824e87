"""Datasets: small real imbalanced data available offline, and helpers to make data imbalanced."""

from ._imbalanced import load_imbalanced_breast_cancer, make_imbalance

__all__ = ["load_imbalanced_breast_cancer", "make_imbalance"]
