"""Signing in and out of the console."""

from flask import g, redirect, render_template, request, url_for

from ..errors import InvalidInput, Unauthorized
from ..models.console import EmptyForm, SignInForm
from . import bp, security
from .forms import read_form


def _safe_next(target: str | None) -> str:
    # Only a path inside the console: never an open redirect to another site.
    if target and target.startswith("/curate/") and not target.startswith("/curate//"):
        return target
    return url_for("console.queue")


@bp.get("/")
def home():
    return redirect(url_for("console.queue"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """The sign-in page; POST checks the token first (401 if not valid), then CSRF."""
    if request.method == "GET":
        if g.maintainer is not None:
            return redirect(url_for("console.queue"))
        return render_template("console/sign_in.html", next=request.args.get("next"))
    if g.bearer:  # a script with a valid token needs no session
        return redirect(url_for("console.queue"), code=303)
    try:
        form = read_form(SignInForm)
        found = security.verify_token(form.token)
    except (InvalidInput, Unauthorized) as error:
        if not request.form:  # not the console's page (curl, a script): the API's answer
            raise Unauthorized(error.message, headers=security._CHALLENGE) from None
        return render_template("console/sign_in.html", error="That token is not valid or "
                               "has been revoked.", next=request.form.get("next")), 401
    security.check_csrf()
    security.start_session(found)
    return redirect(_safe_next(request.form.get("next")), code=303)


@bp.post("/sign-out")
def sign_out():
    read_form(EmptyForm)
    security.sign_out()
    return redirect(url_for("console.sign_in"), code=303)
