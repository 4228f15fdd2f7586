"""Engines that run the pipeline past one process.

``analyze_on_ray(paths, output_dir, ...)`` runs the same stage objects as the local engine on
a Ray cluster through Ray Data (:mod:`analyzer.engine.raydata`). Ray is an optional extra
(``pip install 'analyze-posts[ray]'``): nothing here imports it until a run starts.
"""

from __future__ import annotations

from .raydata import RaySummary, analyze_on_ray, plan_reads

__all__ = ["RaySummary", "analyze_on_ray", "plan_reads"]
