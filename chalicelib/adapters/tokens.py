"""Bearer tokens: short-lived HS256 JWTs (PyJWT) naming the brand and the agent."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..services.errors import NotAuthenticated

LIFETIME = timedelta(hours=12)
ISSUER = "comptoir"


class JwtTokens:
    def __init__(self, secret: str) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret needs at least 32 characters")
        self._secret = secret

    def issue(self, brand_id: str, agent_id: str, now: datetime) -> str:
        import jwt

        claims = {"iss": ISSUER, "sub": agent_id, "brand": brand_id, "iat": int(now.timestamp()),
                  "exp": int((now + LIFETIME).timestamp())}
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def read(self, token: str, now: datetime) -> tuple[str, str]:
        import jwt

        try:
            # Times are checked against the injected clock, not the machine's, so the sandbox clock applies.
            claims = jwt.decode(token, self._secret, algorithms=["HS256"], issuer=ISSUER,
                                options={"verify_exp": False, "verify_iat": False,
                                         "require": ["exp", "sub", "brand"]})
        except jwt.PyJWTError:
            raise NotAuthenticated("the token is not valid") from None
        if int(claims["exp"]) <= now.timestamp():
            raise NotAuthenticated("the token has expired: log in again")
        return str(claims["brand"]), str(claims["sub"])
