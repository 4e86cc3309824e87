"""Sphinx configuration of the imbtools documentation.

Build (from the repository root, offline, warnings are errors)::

    sphinx-build -W -b html doc doc/_build/html

The gallery scripts in ``../examples`` run during the build (each in under 30 s).
Set ``IMBTOOLS_DOCS_INTERSPHINX=1`` to link to the Python and scikit-learn docs (needs
network access; the default build makes no network request).
"""

import os

import imbtools

project = "imbtools"
copyright = "the imbtools developers"
release = imbtools.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
if os.environ.get("IMBTOOLS_DOCS_INTERSPHINX"):
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
    }

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/**/*.ipynb",
                    "sg_execution_times.rst"]

# API pages: one page per public name (doc/api.rst), numpydoc docstrings.
autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# Parameter types become cross-references (unresolved ones render as code).
numpydoc_xref_param_type = True
numpydoc_xref_ignore = {
    "of", "or", "and", "shape", "default", "optional", "instance", "like", "object",
    "with", "the", "a", "an", "only", "if", "is", "none", "to", "for", "per", "in",
    "from", "by", "as", "at", "one", "each", "any", "every", "else", "not", "sparse",
    "matrix", "positive", "negative", "non", "given", "same", "all",
}
numpydoc_xref_aliases = {
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
}
if "sphinx.ext.intersphinx" not in extensions:
    # numpydoc's default aliases point into the Python and NumPy docs, which only
    # intersphinx can resolve (glossary terms and labels would warn, "python:float"
    # would show as such): keep every such name as plain code text.
    from numpydoc.xref import DEFAULT_LINKS

    numpydoc_xref_aliases.update({name: name for name in DEFAULT_LINKS})


# Attribute types such as "ndarray of shape (n_features_in_,)" are reST, where a name
# ending in "_" is a link: point it at scikit-learn's glossary entry (an external target,
# so Sphinx registers no label and nothing is fetched at build time).
rst_epilog = """
.. _n_features_in: https://scikit-learn.org/stable/glossary.html#term-n_features_in_
"""


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Document the methods imbtools defines; leave scikit-learn's own to its docs.

    Inherited scikit-learn methods (``get_params``, ``score``, metadata routing ...) keep
    their docstrings' references to scikit-learn's user guide, which are not part of
    this site.
    """
    if what != "class" or skip:
        return skip
    target = getattr(obj, "fget", obj)
    module = getattr(target, "__module__", None) or ""
    if module and not module.startswith("imbtools"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)


# Gallery: ../examples/<section>/plot_*.py, every script executed during the build.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "subsection_order": [
        f"../examples/{section}"
        for section in ("over_sampling", "under_sampling", "combine_ensemble",
                        "threshold_class_weight", "model_selection", "metrics_datasets",
                        "neighbors")
    ],
    "within_subsection_order": "FileNameSortKey",
    "backreferences_dir": "generated/backreferences",
    "doc_module": ("imbtools",),
    "reference_url": {"imbtools": None},
    "download_all_examples": False,
    "remove_config_comments": True,
    "show_memory": False,
    "matplotlib_animations": False,
    "abort_on_example_error": True,
}

html_theme = "pydata_sphinx_theme"
html_title = f"imbtools {release}"
html_static_path = ["_static"]
html_css_files = ["imbtools.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    # The study's tables need the whole width; its sections are few.
    "secondary_sidebar_items": {"**": ["page-toc"], "strategy_study": []},
    "header_links_before_dropdown": 5,
}
html_show_sourcelink = False
# Pages without sub-pages get no (empty) left sidebar, so wide tables have the room.
html_sidebars = {
    page: [] for page in ("index", "install", "quick_start", "neighbors", "speed",
                          "strategy_study", "self_paced_ensemble", "changelog",
                          "developers/architecture")
}

