"""Counting victims: documented counts and multiple-systems estimation."""
