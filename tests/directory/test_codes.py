import base64

from directory.codes import CODE_LENGTH, new_code, qr_svg


def test_a_code_is_192_random_bits_url_safe():
    codes = {new_code() for _ in range(1000)}

    assert len(codes) == 1000
    assert {len(code) for code in codes} == {CODE_LENGTH}
    assert {len(base64.urlsafe_b64decode(code)) for code in codes} == {24}


def test_the_qr_code_is_an_inline_svg_with_its_accessible_name():
    svg = qr_svg("https://idm.example/verify/abc/", label="Verification code")

    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert 'aria-label="Verification code"' in svg
    assert "<path " in svg
    assert "<title>Verification code</title>" in svg
