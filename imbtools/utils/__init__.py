"""Validation, sampling-strategy parsing and container helpers."""
