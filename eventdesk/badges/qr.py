"""QR codes for badge codes, several times faster than the qrcode library: its Reed-Solomon arithmetic and module
placement, in pure Python per module, took most of a badge batch's time.

Only what badges need: alphanumeric text (upper-case base32 and the code's prefix are), in one segment, at
error correction level M in versions 1 to 6 (a badge code is 131 characters: version 6), always with mask
pattern 2. The result is module for module what qrcode makes with `mask_pattern=2` (tests/test_badges_codes.py
compares them), so anything else, rare or never met, is left to qrcode (`modules` answers None).
"""

from __future__ import annotations

from functools import cache

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {char: n for n, char in enumerate(ALPHANUMERIC)}
# Level M, versions 1 to 6: (data codewords per block, blocks, error correction codewords per block); every block
# of a version has the same size. Alignment pattern centre: only the bottom-right one clears the finders.
LEVEL_M = {1: (16, 1, 10), 2: (28, 1, 16), 3: (44, 1, 26), 4: (32, 2, 18), 5: (43, 2, 24), 6: (27, 4, 16)}
ALIGNMENT = {2: 18, 3: 22, 4: 26, 5: 30, 6: 34}
MASK = 2  # dark modules flip where column % 3 == 0 (_template)


def _format_information(level_and_mask: int) -> int:
    """The 15 format bits: 5 data bits, 10 BCH(15,5) check bits (generator 0x537), XOR the mask 0x5412."""
    check = level_and_mask << 10
    for shift in range(4, -1, -1):
        if check >> (shift + 10) & 1:
            check ^= 0x537 << shift
    return (level_and_mask << 10 | check) ^ 0x5412


FORMAT = _format_information(0b00 << 3 | MASK)  # level M is 00

_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _EXP[_i + 255] = _x
    _LOG[_x] = _i
    _x = _x << 1 ^ (0x11D if _x & 0x80 else 0)


def modules(text: str) -> tuple[int, tuple[tuple[bool, ...], ...]] | None:
    """(version, rows of dark modules, no quiet zone), or None for text this encoder does not take (digits
    alone go in qrcode's numeric mode)."""
    if text.isdigit() or any(char not in _VALUE for char in text):
        return None
    bits = 4 + 9 + 11 * (len(text) // 2) + 6 * (len(text) % 2)
    version = next((v for v, (data, blocks, _ec) in LEVEL_M.items() if bits <= 8 * data * blocks), None)
    if version is None:
        return None
    data, blocks, ec = LEVEL_M[version]
    words = _data_codewords(text, data * blocks)
    chunks = [words[n * data:(n + 1) * data] for n in range(blocks)]
    products = _products(ec)
    parity = [_remainder(chunk, products) for chunk in chunks]
    stream = bytes([chunk[i] for i in range(data) for chunk in chunks] + [p[i] for i in range(ec) for p in parity])
    template, places, flips = _template(version)
    # Every data bit in placement order (the remainder bits after the codewords are 0), masked, as "0"s and "1"s.
    masked = int.from_bytes(stream, "big") << (len(places) - 8 * len(stream)) ^ flips
    grid = list(template)
    for index, bit in zip(places, format(masked, f"0{len(places)}b"), strict=True):
        grid[index] = bit == "1"
    size = 4 * version + 17
    return version, tuple(tuple(grid[row * size:(row + 1) * size]) for row in range(size))


def _data_codewords(text: str, capacity: int) -> list[int]:
    value, length = 0b0010, 4  # the mode: alphanumeric
    value, length = value << 9 | len(text), length + 9
    for i in range(0, len(text) - 1, 2):
        value, length = value << 11 | _VALUE[text[i]] * 45 + _VALUE[text[i + 1]], length + 11
    if len(text) % 2:
        value, length = value << 6 | _VALUE[text[-1]], length + 6
    terminator = min(4, 8 * capacity - length)
    value, length = value << terminator, length + terminator
    value, length = value << (-length % 8), length + (-length % 8)
    words = list(value.to_bytes(length // 8, "big"))
    return words + [(0xEC, 0x11)[n % 2] for n in range(capacity - len(words))]


@cache
def _products(degree: int) -> tuple[tuple[int, ...], ...]:
    """For each byte, its products with the Reed-Solomon generator polynomial's coefficients after the leading 1."""
    polynomial = [1]
    for i in range(degree):
        polynomial = [a ^ (_EXP[_LOG[b] + i] if b else 0) for a, b in zip([*polynomial, 0], [0, *polynomial],
                                                                           strict=True)]
    return ((0,) * degree,) + tuple(tuple(_EXP[_LOG[factor] + _LOG[c]] for c in polynomial[1:])
                                    for factor in range(1, 256))


def _remainder(data: list[int], products: tuple[tuple[int, ...], ...]) -> list[int]:
    """The error correction codewords: the remainder of the data polynomial divided by the generator."""
    remainder = [0] * len(products[0])
    for word in data:
        factor = word ^ remainder[0]
        remainder = [r ^ p for r, p in zip(remainder[1:] + [0], products[factor], strict=True)]
    return remainder


@cache
def _template(version: int) -> tuple[tuple[bool | None, ...], tuple[int, ...], int]:
    """The version's function patterns and format information (None where data goes), the data modules in
    placement order, and the mask over them as a number (its first bit the first module's)."""
    size = 4 * version + 17
    grid: list[list[bool | None]] = [[None] * size for _ in range(size)]
    for top, left in ((0, 0), (size - 7, 0), (0, size - 7)):  # finders, with their light separators
        for r in range(-1, 8):
            for c in range(-1, 8):
                if 0 <= top + r < size and 0 <= left + c < size:
                    grid[top + r][left + c] = (0 <= r <= 6 and c in (0, 6)) or (0 <= c <= 6 and r in (0, 6)) \
                        or (2 <= r <= 4 and 2 <= c <= 4)
    if version in ALIGNMENT:
        centre = ALIGNMENT[version]
        for r in range(-2, 3):
            for c in range(-2, 3):
                grid[centre + r][centre + c] = max(abs(r), abs(c)) != 1
    for i in range(8, size - 8):  # timing patterns
        grid[i][6] = grid[6][i] = i % 2 == 0
    for i in range(15):  # format information, twice
        bit = bool(FORMAT >> i & 1)
        grid[i if i < 6 else i + 1 if i < 8 else size - 15 + i][8] = bit
        grid[8][size - i - 1 if i < 8 else 15 - i if i < 9 else 14 - i] = bit
    grid[size - 8][8] = True  # the dark module
    places, flips = [], 0
    row, step = size - 1, -1
    for col in range(size - 1, 0, -2):
        col -= col <= 6  # the vertical timing pattern is skipped
        while 0 <= row < size:
            for c in (col, col - 1):
                if grid[row][c] is None:
                    places.append(row * size + c)
                    flips = flips << 1 | (c % 3 == 0)
            row += step
        row, step = row - step, -step
    return tuple(cell for line in grid for cell in line), tuple(places), flips
