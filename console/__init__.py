"""The officials' console: pages under /console for sorting, delivering and paying."""
