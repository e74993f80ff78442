"""Briefs for people and tools: Markdown (here), JSON and HTML renderings of the brief
document described by `brief.schema.json`."""

from accord.render.markdown import render_markdown

__all__ = ["render_markdown"]
