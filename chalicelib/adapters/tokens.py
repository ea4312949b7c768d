"""Bearer tokens: short-lived HS256 JWTs (PyJWT) naming the brand and the agent."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..services.domain.errors import NotAuthenticated

LIFETIME = timedelta(hours=12)
ISSUER = "comptoir"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class JwtTokens:
    def __init__(self, secret: str) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret needs at least 32 characters")
        self._secret = secret

    def issue(self, brand_id: str, agent_id: str, now: datetime) -> str:
        import jwt

        # `iat` to the millisecond (a JWT NumericDate may be fractional): a session opened in the same
        # second as a password change, but after it, must still work.
        claims = {"iss": ISSUER, "sub": agent_id, "brand": brand_id, "iat": _ms(now) / 1000,
                  "exp": int((now + LIFETIME).timestamp())}
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def read(self, token: str, now: datetime) -> tuple[str, str]:
        brand_id, agent_id, _ = self.read_session(token, now)
        return brand_id, agent_id

    def read_session(self, token: str, now: datetime) -> tuple[str, str, datetime]:
        """(brand, agent, issued at): accounts refuse a session older than the agent's last password change."""
        import jwt

        try:
            # Times are checked against the injected clock, not the machine's, so the sandbox clock applies.
            claims = jwt.decode(token, self._secret, algorithms=["HS256"], issuer=ISSUER,
                                options={"verify_exp": False, "verify_iat": False,
                                         "require": ["exp", "sub", "brand", "iat"]})
            issued_at = EPOCH + timedelta(milliseconds=round(float(claims["iat"]) * 1000))
        except (jwt.PyJWTError, TypeError, ValueError, OverflowError):
            raise NotAuthenticated("the token is not valid") from None
        if int(claims["exp"]) <= now.timestamp():
            raise NotAuthenticated("the token has expired: log in again")
        return str(claims["brand"]), str(claims["sub"]), issued_at


def _ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch, in integers: floats would round a boundary the wrong way."""
    return (moment - EPOCH) // timedelta(milliseconds=1)
