def test_home_is_public(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"International Dialogue on Migration" in response.content


def test_login_page_is_public(client, db):
    assert client.get("/accounts/login/").status_code == 200


def test_signup_page_is_public(client, db):
    assert client.get("/accounts/signup/").status_code == 200
