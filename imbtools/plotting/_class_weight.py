"""ClassWeightDisplay: cross-validated score against the class-weight family parameter."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

__all__ = ["ClassWeightDisplay"]

_FAMILY_PARAMS = ("alpha", "ratio", "beta")
_AXIS_LABELS = {
    "alpha": "alpha  (w_c proportional to n_c ** -alpha; 0: none, 1: balanced)",
    "ratio": "minority / majority weight ratio (log scale)",
    "beta": "1 - beta  (effective-number weights; log scale, stronger to the right)",
}


class ClassWeightDisplay:
    """CV score against the parameter of a class-weight family, with the chosen point.

    Build it with :meth:`from_estimator` (a fitted
    :class:`~imbtools.class_weight.ClassWeightSearchCV`) or :meth:`from_cv_results`
    (its ``cv_results_``), which call :meth:`plot`. Points are drawn in parameter order;
    the band is one standard deviation of the fold scores.

    Parameters
    ----------
    param_values : ndarray of shape (n_candidates,)
        Family parameter of each candidate (``alpha``, ``ratio`` or ``beta``).
    mean_scores : ndarray of shape (n_candidates,)
        Mean CV score of each candidate.
    std_scores : ndarray of shape (n_candidates,), default=None
        Standard deviation of the fold scores; no band when None.
    best_index : int, default=None
        Position of the chosen candidate in the arrays; default: the highest mean score.
    param_name : {"alpha", "ratio", "beta"}, default="alpha"
        Which family parameter ``param_values`` holds; sets the axis scale and label.
    score_name : str, default=None
        Label of the y axis; default "CV score".
    estimator_name : str, default=None
        Legend label of the curve.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The score curve.
    band_ : matplotlib PolyCollection or None
        The +- one standard deviation band.
    best_marker_ : matplotlib Line2D
        The chosen point.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.class_weight import ClassWeightSearchCV
    >>> from imbtools.plotting import ClassWeightDisplay
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> search = ClassWeightSearchCV(LogisticRegression(), cv=3).fit(X, y)
    >>> display = ClassWeightDisplay.from_estimator(search)
    >>> display.line_.get_xdata().tolist() == sorted(search.cv_results_["param_alpha"])
    True
    """

    def __init__(
        self,
        *,
        param_values,
        mean_scores,
        std_scores=None,
        best_index=None,
        param_name="alpha",
        score_name=None,
        estimator_name=None,
    ):
        self.param_values = param_values
        self.mean_scores = mean_scores
        self.std_scores = std_scores
        self.best_index = best_index
        self.param_name = param_name
        self.score_name = score_name
        self.estimator_name = estimator_name

    def plot(self, ax=None, *, name=None, show_reference=True, line_kw=None, best_kw=None):
        """Draw the curve.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure when None.
        name : str, default=None
            Legend label of the curve; default ``estimator_name``.
        show_reference : bool, default=True
            For ``alpha``, mark ``alpha=0`` (no weighting) and ``alpha=1`` (balanced).
        line_kw, best_kw : dict, default=None
            Extra keyword arguments of the curve's and the chosen point's ``plot`` calls.

        Returns
        -------
        display : ClassWeightDisplay
        """
        import matplotlib.pyplot as plt

        if self.param_name not in _FAMILY_PARAMS:
            raise ValueError(
                f"param_name must be one of {list(_FAMILY_PARAMS)!r}; got {self.param_name!r}."
            )
        if ax is None:
            _, ax = plt.subplots()
        values = np.asarray(self.param_values, dtype=np.float64)
        means = np.asarray(self.mean_scores, dtype=np.float64)
        best = int(np.nanargmax(means)) if self.best_index is None else int(self.best_index)
        x = 1.0 - values if self.param_name == "beta" else values
        order = np.argsort(values, kind="stable")

        label = name if name is not None else self.estimator_name
        (self.line_,) = ax.plot(
            x[order], means[order], **{"marker": "o", "label": label, **(line_kw or {})}
        )
        self.band_ = None
        if self.std_scores is not None:
            std = np.asarray(self.std_scores, dtype=np.float64)[order]
            self.band_ = ax.fill_between(
                x[order], means[order] - std, means[order] + std,
                alpha=0.2, color=self.line_.get_color(), linewidth=0,
            )  # fmt: skip
        best_style = {"marker": "*", "markersize": 16, "color": "C3", "linestyle": "none"}
        if self.param_name == "beta":  # beta is close to 1: show 1 - beta
            best_label = f"chosen: 1 - beta={1.0 - values[best]:.3g}"
        else:
            best_label = f"chosen: {self.param_name}={values[best]:.3g}"
        (self.best_marker_,) = ax.plot(
            [x[best]], [means[best]], **{**best_style, "label": best_label, **(best_kw or {})}
        )
        if show_reference and self.param_name == "alpha":
            ax.axvline(0.0, color="0.6", linestyle=":", label="no weighting")
            ax.axvline(1.0, color="0.3", linestyle="--", label="balanced")
        if self.param_name in ("ratio", "beta"):
            ax.set_xscale("log")
        if self.param_name == "beta" and not ax.xaxis_inverted():
            ax.invert_xaxis()
        ax.set_xlabel(_AXIS_LABELS[self.param_name])
        ax.set_ylabel(self.score_name or "CV score")
        ax.legend(loc="best")
        self.ax_, self.figure_ = ax, ax.figure
        return self

    @classmethod
    def from_cv_results(
        cls, cv_results, *, best_index=None, score_name=None, name=None, ax=None, **plot_kw
    ):
        """Plot the ``cv_results_`` of a one-dimensional class-weight search.

        Parameters
        ----------
        cv_results : dict
            ``ClassWeightSearchCV.cv_results_`` (or any dict with ``mean_test_score`` and
            exactly one of ``param_alpha``, ``param_ratio``, ``param_beta``).
        best_index : int, default=None
            Row of the chosen candidate; default: the best ``rank_test_score`` (or mean).
        score_name : str, default=None
            y-axis label.
        name : str, default=None
            Legend label of the curve.
        ax : matplotlib Axes, default=None
        **plot_kw
            Passed to :meth:`plot`.

        Returns
        -------
        display : ClassWeightDisplay
        """
        found = [p for p in _FAMILY_PARAMS if f"param_{p}" in cv_results]
        if len(found) != 1:
            raise ValueError(
                "cv_results must come from a one-dimensional search with exactly one of "
                f"{['param_' + p for p in _FAMILY_PARAMS]!r}; found {found!r}. A search over "
                "an explicit list of class-weight dicts has no axis to plot against."
            )
        param = found[0]
        if best_index is None and "rank_test_score" in cv_results:
            best_index = int(np.argmin(cv_results["rank_test_score"]))
        display = cls(
            param_values=np.ma.getdata(cv_results[f"param_{param}"]).astype(np.float64),
            mean_scores=np.asarray(cv_results["mean_test_score"]),
            std_scores=cv_results.get("std_test_score"),
            best_index=best_index,
            param_name=param,
            score_name=score_name,
            estimator_name=name,
        )
        return display.plot(ax=ax, **plot_kw)

    @classmethod
    def from_estimator(cls, search, *, score_name=None, name=None, ax=None, **plot_kw):
        """Plot a fitted :class:`~imbtools.class_weight.ClassWeightSearchCV`.

        Parameters
        ----------
        search : ClassWeightSearchCV
            Fitted with a family (``weights="power"``, ``"ratio"``, ``"effective_number"``
            or ``{family: values}``).
        score_name : str, default=None
            y-axis label; default: the ``scoring`` of the search.
        name : str, default=None
            Legend label; default: the class name of the searched estimator.
        ax : matplotlib Axes, default=None
        **plot_kw
            Passed to :meth:`plot`.

        Returns
        -------
        display : ClassWeightDisplay
        """
        check_is_fitted(search, "cv_results_")
        if score_name is None:
            scoring = search.scoring
            if scoring is None:
                score_name = "CV F1 (minority; macro if multi-class)"
            else:
                score_name = f"CV {scoring}" if isinstance(scoring, str) else "CV score"
        return cls.from_cv_results(
            search.cv_results_,
            best_index=search.best_index_,
            score_name=score_name,
            name=name if name is not None else type(search.estimator).__name__,
            ax=ax,
            **plot_kw,
        )
