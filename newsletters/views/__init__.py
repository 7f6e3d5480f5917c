"""Newsletters' views: the public unsubscribe page (`unsubscribe`) and the office's send and delivery pages
(`admin`)."""
