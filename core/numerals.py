"""Chinese numerals as printed in titles: 第十七届, 第十三次会议."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n < 0 or n >= 1000:
        raise ValueError(f"out of range: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    if rest < 10:
        return _DIGITS[hundreds] + "百零" + _DIGITS[rest]
    tail = chinese_number(rest)
    if rest < 20:
        tail = "一" + tail
    return _DIGITS[hundreds] + "百" + tail
