FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY client ./client
# The wheel carries the browser client (pyproject's force-include): no repository needed.
RUN pip install --no-cache-dir . && rm -rf /app/server /app/client \
    && useradd --system --uid 10001 --home-dir /data crossboard \
    && mkdir -p /data && chown crossboard /data
USER crossboard
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
CMD ["crossboard", "serve", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]
