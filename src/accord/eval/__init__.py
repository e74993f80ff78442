"""Measuring accord's event clustering: scores (`metrics`), the ECB+ corpus (`ecbplus`),
and the baseline any clustering must beat (`baselines`)."""
