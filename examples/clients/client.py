import json, os, urllib.request
B = f"http://127.0.0.1:{os.environ.get('PORT', '8222')}/api/v1"
SITE, QUIET = os.environ.get("SITE", "http://127.0.0.1:8000"), {"screenshot": {"area": "none"}}  # QUIET: no frames, this client does not look
def call(method, path, body=None):
    headers = {"content-type": "application/json", **({"authorization": "Bearer " + os.environ["ABPD_TOKEN"]} if "ABPD_TOKEN" in os.environ else {})}
    req = urllib.request.Request(B + path, None if body is None else json.dumps(body).encode(), headers, method=method)
    with urllib.request.urlopen(req) as r: return json.loads(r.read() or b"null")
tab = call("POST", "/tabs", {})["id"]
print(call("POST", f"/tabs/{tab}/navigate", {"url": SITE + "/pages/form.html", **QUIET})["result"])
call("POST", f"/tabs/{tab}/clear-text", {"x": 200, "y": 115, **QUIET})
call("POST", f"/tabs/{tab}/type", {"text": "bob", **QUIET})
call("POST", f"/tabs/{tab}/keyboard/press", {"key": "Enter", **QUIET})
print(call("POST", f"/tabs/{tab}/text", {"selector": "#result"})["text"])
call("DELETE", f"/tabs/{tab}")
