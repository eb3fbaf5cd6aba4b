"""The floor: a bare FastAPI endpoint that reads the body and answers "success".

It runs under the same server, settings and load generator as zhunong, so the ratio between
the two is what zhunong's own work costs.
"""

import sys

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.post("/wechat", response_class=PlainTextResponse)
async def receive(request: Request) -> PlainTextResponse:
    await request.body()
    return PlainTextResponse("success")


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
