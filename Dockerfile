FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY client ./client
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["crossboard", "serve", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]
