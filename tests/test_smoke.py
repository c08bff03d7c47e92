import re


def _page(client, url: str) -> tuple[int, list[str], str]:
    """Status, the page's h1 headings and its title, white space made single spaces."""
    response = client.get(url)
    html = response.content.decode()
    (title,) = re.findall(r"<title>(.*?)</title>", html, re.S)
    headings = [" ".join(h.split()) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)]
    return response.status_code, headings, " ".join(title.split())


def test_home_is_public(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"International Dialogue on Migration" in response.content


def test_login_page_is_public(client, db):
    assert _page(client, "/accounts/login/") == (200, ["Sign In"], "Sign In · IOM IDM portal")


def test_signup_page_is_public(client, db):
    assert _page(client, "/accounts/signup/") == (200, ["Sign Up"], "Signup · IOM IDM portal")
