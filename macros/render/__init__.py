"""Layer 4, rendering: the site's pages, their HTML (markup.py only), search and workspace data."""
