import ctypes, ctypes.util, hashlib, json, sqlite3, ssl, zlib, bz2, lzma, decimal, struct

libm = ctypes.CDLL(ctypes.util.find_library("m"))
libm.cos.restype = ctypes.c_double
libm.cos.argtypes = [ctypes.c_double]
libc = ctypes.CDLL(None)
print("ctypes cos(0) =", libm.cos(0.0), "strlen =", libc.strlen(b"dryad"))
print("sha256", hashlib.sha256(b"abc").hexdigest())
print("md5", hashlib.md5(b"abc").hexdigest(), "blake2b", hashlib.blake2b(b"abc").hexdigest()[:16])
print("zlib", zlib.crc32(b"abc"), len(zlib.compress(b"a" * 1000)))
print("bz2", len(bz2.compress(b"a" * 1000)), "lzma", lzma.decompress(lzma.compress(b"xyz")))
db = sqlite3.connect(":memory:")
db.execute("create table t(x integer, y text)")
db.executemany("insert into t values (?, ?)", [(i, str(i) * 2) for i in range(10)])
print("sqlite", db.execute("select sum(x), group_concat(y, '') from t").fetchone())
ctx = ssl.create_default_context()
print("ssl", ssl.OPENSSL_VERSION.split()[0], ctx.verify_mode == ssl.CERT_REQUIRED)
print("json", json.dumps({"b": [1, 2.5, None], "a": "\u00fc"}, sort_keys=True))
print("decimal", decimal.Decimal(1) / decimal.Decimal(7))
print("struct", struct.pack("<IHd", 1, 2, 3.0).hex())
