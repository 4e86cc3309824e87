"""Shared docstring texts are filled in everywhere, and every over-sampler documents them."""

import pytest

from imbtools.utils._docstrings import DOCS, fill_doc
from imbtools.utils.discovery import all_estimators


def test_fill_doc_indents_the_shared_text():
    def sampler():
        """Do something.

        Parameters
        ----------
        %(n_jobs)s
        """

    fill_doc(sampler)
    assert "%(" not in sampler.__doc__
    first, second = DOCS["n_jobs"].split("\n")[:2]
    assert f"\n        {first}\n        {second}\n" in sampler.__doc__


@pytest.mark.parametrize("name, cls", all_estimators())
def test_no_placeholder_left_in_public_docstrings(name, cls):
    assert "%(" not in (cls.__doc__ or "")


@pytest.mark.parametrize("name, cls", all_estimators(type_filter="sampler"))
def test_over_samplers_document_the_provenance_attributes(name, cls):
    if getattr(cls, "_sampling_type", None) != "over-sampling":
        pytest.skip("not an over-sampler")
    assert "synthetic_parents_ :" in cls.__doc__ and "synthetic_steps_ :" in cls.__doc__
