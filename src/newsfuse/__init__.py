"""newsfuse: many news reports in, one verified account of what happened out."""

__version__ = "0.1.0"
