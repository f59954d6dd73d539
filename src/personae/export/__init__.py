"""Exporters: every output is rendered from one ``Analysis``."""
