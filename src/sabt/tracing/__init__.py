"""Tracing missing people: matching requests against lists of the found."""
