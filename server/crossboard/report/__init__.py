"""The session report and data portability: HTML, Markdown, CSV and the JSON backup."""
