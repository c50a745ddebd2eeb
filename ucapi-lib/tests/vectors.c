// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Known-answer vectors from published sources, named in each .source.  The
 * hex strings were checked against an independent implementation (Python
 * cryptography 48, hashlib, hmac) when they were written down.
 *
 * AEAD vectors use the kernel layout: .aad is the whole associated-data
 * region (for the ESP transforms it ends with the 8-byte IV), .input the
 * plaintext and .output the ciphertext followed by the tag.  authenc keys
 * are given as .key (authentication) and .enc_key (encryption) and joined
 * with ucapi_authenc_key().
 */
#include "vectors.h"

const struct kat_vector kat_vectors[] = {
	{
		.alg = "gcm(aes)",
		.type = UCAPI_AEAD,
		.source = "McGrew and Viega, The Galois/Counter Mode of Operation "
			  "(GCM), test case 1",
		.key = "00000000000000000000000000000000",
		.iv = "000000000000000000000000",
		.input = "",
		.output = "58e2fccefa7e3061367f1d57a4e7455a",
	},
	{
		.alg = "gcm(aes)",
		.type = UCAPI_AEAD,
		.source = "McGrew and Viega, The Galois/Counter Mode of Operation "
			  "(GCM), test case 2",
		.key = "00000000000000000000000000000000",
		.iv = "000000000000000000000000",
		.input = "00000000000000000000000000000000",
		.output = "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b2"
		          "1257bddf",
	},
	{
		.alg = "gcm(aes)",
		.type = UCAPI_AEAD,
		.source = "McGrew and Viega, The Galois/Counter Mode of Operation "
			  "(GCM), test case 4",
		.key = "feffe9928665731c6d6a8f9467308308",
		.iv = "cafebabefacedbaddecaf888",
		.aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2",
		.input = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d"
		         "8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
		         "ba637b39",
		.output = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e23"
		          "29aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac97"
		          "3d58e0915bc94fbc3221a5db94fae95ae7121a47",
	},
	{
		.alg = "gcm(aes)",
		.type = UCAPI_AEAD,
		.source = "McGrew and Viega, The Galois/Counter Mode of Operation "
			  "(GCM), test case 10",
		.key = "feffe9928665731c6d6a8f9467308308feffe9928665731c",
		.iv = "cafebabefacedbaddecaf888",
		.aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2",
		.input = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d"
		         "8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
		         "ba637b39",
		.output = "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b4"
		          "0ca1e19c7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9"
		          "ccda27102519498e80f1478f37ba55bd6d27618c",
	},
	{
		.alg = "gcm(aes)",
		.type = UCAPI_AEAD,
		.source = "McGrew and Viega, The Galois/Counter Mode of Operation "
			  "(GCM), test case 16",
		.key = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f94"
		       "67308308",
		.iv = "cafebabefacedbaddecaf888",
		.aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2",
		.input = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d"
		         "8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
		         "ba637b39",
		.output = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd"
		          "2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0a"
		          "bcc9f66276fc6ece0f4e1768cddf8853bb2d551b",
	},
	{
		.alg = "gcm(aes)",
		.type = UCAPI_AEAD,
		.source = "McGrew and Viega, The Galois/Counter Mode of Operation "
			  "(GCM), test case 4, tag truncated to 8 bytes",
		.key = "feffe9928665731c6d6a8f9467308308",
		.iv = "cafebabefacedbaddecaf888",
		.aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2",
		.input = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d"
		         "8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
		         "ba637b39",
		.output = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e23"
		          "29aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac97"
		          "3d58e0915bc94fbc3221a5db",
		.authsize = 8,
	},
	{
		.alg = "rfc4106(gcm(aes))",
		.type = UCAPI_AEAD,
		.source = "draft-mcgrew-gcm-test-01, ESP packet with AES-128",
		.key = "4c80cdefbb5d10da906ac73c3613a6342e443b68",
		.iv = "4956ed7e3b244cfe",
		.aad = "0000432187654321000000004956ed7e3b244cfe",
		.input = "45000048699a000080114db7c0a80102c0a801010a9bf15638d30100"
		         "0001000000000000045f736970045f75647003736970096379626572"
		         "6369747902646b000021000101020201",
		.output = "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa"
		          "13ceac34cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff62"
		          "47aeabb786b93bce61bc17d768fd9732459018148f6cbe722fd04796"
		          "562dfdb4",
	},
	{
		.alg = "rfc4106(gcm(aes))",
		.type = UCAPI_AEAD,
		.source = "draft-mcgrew-gcm-test-01, ESP packet with AES-128",
		.key = "feffe9928665731c6d6a8f9467308308cafebabe",
		.iv = "facedbaddecaf888",
		.aad = "0000a5f80000000afacedbaddecaf888",
		.input = "4500003e698f000080114dccc0a80102c0a801010a980035002a2343"
		         "b2d00100000100000000000003736970096379626572636974790264"
		         "6b00000100010001",
		.output = "deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d"
		          "114d2a5c3de81827c10e9a4f51330d0eec416642cfbb85a5b47e48a4"
		          "ec3b9ba95d918bd183b70d3aa8bc6ee4c309e9d85a41ad4a",
	},
	{
		.alg = "rfc4106(gcm(aes))",
		.type = UCAPI_AEAD,
		.source = "draft-mcgrew-gcm-test-01, ESP packet with AES-256",
		.key = "abbccddef00112233445566778899aababbccddef001122334455667"
		       "78899aab11223344",
		.iv = "0102030405060708",
		.aad = "4a2cbfe3000000020102030405060708",
		.input = "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0"
		         "000000007002400020bf0000020405b40101040201020201",
		.output = "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d"
		          "65a5d763748a637985771d347f0545659f14e99def842d8eb335f4ee"
		          "cfdbf831824b4c4915956c96",
	},
	{
		.alg = "rfc4106(gcm(aes))",
		.type = UCAPI_AEAD,
		.source = "draft-mcgrew-gcm-test-01, ESP packet with AES-192",
		.key = "feffe9928665731c6d6a8f9467308308feffe9928665731ccafebabe",
		.iv = "facedbaddecaf888",
		.aad = "0000a5f80000000afacedbaddecaf888",
		.input = "45000028a4ad4000400678800a01038f0a010612802306b8cb712602"
		         "dd6bb03e501016d075680001",
		.output = "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b"
		          "5bfbdbd0315b27452144cc7795457b9652037f5318027b5b4cd7a636",
	},
	{
		.alg = "rfc4543(gcm(aes))",
		.type = UCAPI_AEAD,
		.source = "draft-mcgrew-gcm-test-01, GMAC ESP packet (RFC 4543 layout)",
		.key = "4c80cdefbb5d10da906ac73c3613a63422433c64",
		.iv = "0000000000000000",
		.aad = "00004321000000070000000000000000",
		.input = "45000030da3a00008001df3bc0a80005c0a800010800c6cd02000700"
		         "6162636465666768696a6b6c6d6e6f707172737401020201",
		.output = "45000030da3a00008001df3bc0a80005c0a800010800c6cd02000700"
		          "6162636465666768696a6b6c6d6e6f707172737401020201f2a9a836"
		          "e155106aa8dcd618e4099aaa",
	},
	{
		.alg = "rfc7539esp(chacha20,poly1305)",
		.type = UCAPI_AEAD,
		.source = "RFC 8439 appendix A.5, in the ESP layout of RFC 7634: salt "
			  "00000000, IV = last 8 nonce bytes, IV appended to the AAD",
		.key = "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc"
		       "207075c000000000",
		.iv = "0102030405060708",
		.aad = "f33388860000000000004e910102030405060708",
		.input = "496e7465726e65742d4472616674732061726520647261667420646f"
		         "63756d656e74732076616c696420666f722061206d6178696d756d20"
		         "6f6620736978206d6f6e74687320616e64206d617920626520757064"
		         "617465642c207265706c616365642c206f72206f62736f6c65746564"
		         "206279206f7468657220646f63756d656e747320617420616e792074"
		         "696d652e20497420697320696e617070726f70726961746520746f20"
		         "75736520496e7465726e65742d447261667473206173207265666572"
		         "656e6365206d6174657269616c206f7220746f206369746520746865"
		         "6d206f74686572207468616e206173202fe2809c776f726b20696e20"
		         "70726f67726573732e2fe2809d",
		.output = "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670a"
		          "c76c8cb24c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100"
		          "d4f03b7f355894cf332f830e710b97ce98c8a84abd0b948114ad176e"
		          "008d33bd60f982b1ff37c8559797a06ef4f0ef61c186324e2b350638"
		          "3606907b6a7c02b0f9f6157b53c867e4b9166c767b804d46a59b5216"
		          "cde7a4e99040c5a40433225ee282a1b0a06c523eaf4534d7f83fa115"
		          "5b0047718cbc546a0d072b04b3564eea1b422273f548271a0bb23160"
		          "53fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
		          "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d"
		          "6c6f2c29a6ad5cb4022b02709beead9d67890cbb22392336fea1851f"
		          "38",
	},
	{
		.alg = "authenc(hmac(sha1),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 1 with HMAC-SHA1 over AAD || ciphertext, as in "
			  "the Linux crypto self-tests",
		.key = "0000000000000000000000000000000000000000",
		.enc_key = "06a9214036b8a15b512e03d534120006",
		.iv = "3dafba429d9eb430b422da802c9fac41",
		.aad = "3dafba429d9eb430b422da802c9fac41",
		.input = "53696e676c6520626c6f636b206d7367",
		.output = "e353779c1079aeb82708942dbe77181a1b13cbaf895ee12c13c52ea3"
		          "cceddcb50371a206",
	},
	{
		.alg = "authenc(hmac(sha1),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 2 with HMAC-SHA1 over AAD || ciphertext, as in "
			  "the Linux crypto self-tests",
		.key = "202122232425262728292a2b2c2d2e2f30313233",
		.enc_key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.aad = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1ad9b4c5c85e1daaeee814ed7db74cf586539f8de",
	},
	{
		.alg = "authenc(hmac(sha1),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 2 with HMAC-SHA1 over AAD || ciphertext, as in "
			  "the Linux crypto self-tests, tag truncated to 12 bytes as "
			  "ESP uses it",
		.key = "202122232425262728292a2b2c2d2e2f30313233",
		.enc_key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.aad = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1ad9b4c5c85e1daaeee814ed7",
		.authsize = 12,
	},
	{
		.alg = "authenc(hmac(sha256),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 1 with HMAC-SHA256 over AAD || ciphertext, as "
			  "in the Linux crypto self-tests",
		.key = "00000000000000000000000000000000000000000000000000000000"
		       "00000000",
		.enc_key = "06a9214036b8a15b512e03d534120006",
		.iv = "3dafba429d9eb430b422da802c9fac41",
		.aad = "3dafba429d9eb430b422da802c9fac41",
		.input = "53696e676c6520626c6f636b206d7367",
		.output = "e353779c1079aeb82708942dbe77181accde2d6aaef10bcc38063851"
		          "b4b8f35b5c34a6a36e0b05e56a6d44aa26a844a5",
	},
	{
		.alg = "authenc(hmac(sha256),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 2 with HMAC-SHA256 over AAD || ciphertext, as "
			  "in the Linux crypto self-tests",
		.key = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
		       "3c3d3e3f",
		.enc_key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.aad = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1f53353f368852a990e06588fbaf606da49690d5bd4360662"
		          "355e5458534ddfbf",
	},
	{
		.alg = "authenc(hmac(sha256),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 2 with HMAC-SHA256 over AAD || ciphertext, as "
			  "in the Linux crypto self-tests, tag truncated to 16 bytes as "
			  "ESP uses it",
		.key = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
		       "3c3d3e3f",
		.enc_key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.aad = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1f53353f368852a990e06588fbaf606da",
		.authsize = 16,
	},
	{
		.alg = "authenc(hmac(sha512),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 1 with HMAC-SHA512 over AAD || ciphertext, as "
			  "in the Linux crypto self-tests",
		.key = "00000000000000000000000000000000000000000000000000000000"
		       "00000000000000000000000000000000000000000000000000000000"
		       "0000000000000000",
		.enc_key = "06a9214036b8a15b512e03d534120006",
		.iv = "3dafba429d9eb430b422da802c9fac41",
		.aad = "3dafba429d9eb430b422da802c9fac41",
		.input = "53696e676c6520626c6f636b206d7367",
		.output = "e353779c1079aeb82708942dbe77181a3fdcad9003635e68c313dda4"
		          "5c4d54a7196e03752ba162cee0c69675b214ca96ecbd500807641a49"
		          "e89a7c063dcbffb2fa2089dd9cac9e16188aa06d016ca33a",
	},
	{
		.alg = "authenc(hmac(sha512),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 2 with HMAC-SHA512 over AAD || ciphertext, as "
			  "in the Linux crypto self-tests",
		.key = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
		       "3c3d3e3f404142434445464748494a4b4c4d4e4f5051525354555657"
		       "58595a5b5c5d5e5f",
		.enc_key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.aad = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1dab20cb226c4d5ef6038a45e9a8c1b41039fc4647f01429b"
		          "0e1beaefbc88195e317ec295fc09320a46327c419c593ee98f9fd431"
		          "d622bdf8f70a94e5a9c3f69d",
	},
	{
		.alg = "authenc(hmac(sha512),cbc(aes))",
		.type = UCAPI_AEAD,
		.source = "RFC 3602 case 2 with HMAC-SHA512 over AAD || ciphertext, as "
			  "in the Linux crypto self-tests, tag truncated to 32 bytes as "
			  "ESP uses it",
		.key = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
		       "3c3d3e3f404142434445464748494a4b4c4d4e4f5051525354555657"
		       "58595a5b5c5d5e5f",
		.enc_key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.aad = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1dab20cb226c4d5ef6038a45e9a8c1b41039fc4647f01429b"
		          "0e1beaefbc88195e",
		.authsize = 32,
	},
	{
		.alg = "cbc(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "RFC 3602 case 1",
		.key = "06a9214036b8a15b512e03d534120006",
		.iv = "3dafba429d9eb430b422da802c9fac41",
		.input = "53696e676c6520626c6f636b206d7367",
		.output = "e353779c1079aeb82708942dbe77181a",
	},
	{
		.alg = "cbc(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "RFC 3602 case 2",
		.key = "c286696d887c9aa0611bbb3e2025a45a",
		.iv = "562e17996d093d28ddb3ba695a2e6f58",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266be"
		          "a6d61ab1",
	},
	{
		.alg = "cbc(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "NIST SP 800-38A F.2.3 (CBC-AES192)",
		.key = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
		.iv = "000102030405060708090a0b0c0d0e0f",
		.input = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac"
		         "45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17"
		         "ad2b417be66c3710",
		.output = "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e73876"
		          "3f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881"
		          "d920a9e64f5615cd",
	},
	{
		.alg = "cbc(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "NIST SP 800-38A F.2.5 (CBC-AES256)",
		.key = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a3"
		       "0914dff4",
		.iv = "000102030405060708090a0b0c0d0e0f",
		.input = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac"
		         "45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17"
		         "ad2b417be66c3710",
		.output = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777b"
		          "c6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fc"
		          "da6c19078c6a9d1b",
	},
	{
		.alg = "ctr(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "NIST SP 800-38A F.5.1 (CTR-AES128)",
		.key = "2b7e151628aed2a6abf7158809cf4f3c",
		.iv = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		.input = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac"
		         "45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17"
		         "ad2b417be66c3710",
		.output = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187b"
		          "b9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1"
		          "792170a0f3009cee",
	},
	{
		.alg = "ctr(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "NIST SP 800-38A F.5.5 (CTR-AES256)",
		.key = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a3"
		       "0914dff4",
		.iv = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		.input = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac"
		         "45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17"
		         "ad2b417be66c3710",
		.output = "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990"
		          "cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada6"
		          "13c2dd08457941a6",
	},
	{
		.alg = "ctr(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "RFC 3686 test vector #1, counter block = nonce || IV || "
			  "00000001",
		.key = "ae6852f8121067cc4bf7a5765577f39e",
		.iv = "00000030000000000000000000000001",
		.input = "53696e676c6520626c6f636b206d7367",
		.output = "e4095d4fb7a7b3792d6175a3261311b8",
	},
	{
		.alg = "ctr(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "RFC 3686 test vector #2, counter block = nonce || IV || "
			  "00000001",
		.key = "7e24067817fae0d743d6ce1f32539163",
		.iv = "006cb6dbc0543b59da48d90b00000001",
		.input = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		         "1c1d1e1f",
		.output = "5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df"
		          "9141be28",
	},
	{
		.alg = "ctr(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "RFC 3686 test vector #4, counter block = nonce || IV || "
			  "00000001",
		.key = "16af5b145fc9f579c175f93e3bfb0eed863d06ccfdb78515",
		.iv = "0000004836733c147d6d93cb00000001",
		.input = "53696e676c6520626c6f636b206d7367",
		.output = "4b55384fe259c9c84e7935a003cbe928",
	},
	{
		.alg = "ctr(aes)",
		.type = UCAPI_SKCIPHER,
		.source = "NIST SP 800-38A F.5.1, first 20 bytes (partial final block)",
		.key = "2b7e151628aed2a6abf7158809cf4f3c",
		.iv = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		.input = "6bc1bee22e409f96e93d7e117393172aae2d8a57",
		.output = "874d6191b620e3261bef6864990db6ce9806f66b",
	},
	{
		.alg = "sha1",
		.type = UCAPI_HASH,
		.source = "FIPS 180-2 appendix, SHA-1 one-block message abc",
		.input = "616263",
		.output = "a9993e364706816aba3e25717850c26c9cd0d89d",
	},
	{
		.alg = "sha1",
		.type = UCAPI_HASH,
		.source = "FIPS 180-2 appendix, SHA-1 two-block 448-bit message",
		.input = "6162636462636465636465666465666765666768666768696768696a"
		         "68696a6b696a6b6c6a6b6c6d6b6c6d6e6c6d6e6f6d6e6f706e6f7071",
		.output = "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	},
	{
		.alg = "sha256",
		.type = UCAPI_HASH,
		.source = "FIPS 180-2 appendix, SHA-256 one-block message abc",
		.input = "616263",
		.output = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
		          "f20015ad",
	},
	{
		.alg = "sha256",
		.type = UCAPI_HASH,
		.source = "FIPS 180-2 appendix, SHA-256 two-block 448-bit message",
		.input = "6162636462636465636465666465666765666768666768696768696a"
		         "68696a6b696a6b6c6a6b6c6d6b6c6d6e6c6d6e6f6d6e6f706e6f7071",
		.output = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
		          "19db06c1",
	},
	{
		.alg = "sha512",
		.type = UCAPI_HASH,
		.source = "FIPS 180-2 appendix, SHA-512 one-block message abc",
		.input = "616263",
		.output = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee6"
		          "4b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e"
		          "2a9ac94fa54ca49f",
	},
	{
		.alg = "sha512",
		.type = UCAPI_HASH,
		.source = "FIPS 180-2 appendix, SHA-512 two-block 896-bit message",
		.input = "61626364656667686263646566676869636465666768696a64656667"
		         "68696a6b65666768696a6b6c666768696a6b6c6d6768696a6b6c6d6e"
		         "68696a6b6c6d6e6f696a6b6c6d6e6f706a6b6c6d6e6f70716b6c6d6e"
		         "6f7071726c6d6e6f707172736d6e6f70717273746e6f707172737475",
		.output = "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aead"
		          "b6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd2654"
		          "5e96e55b874be909",
	},
	{
		.alg = "hmac(sha1)",
		.type = UCAPI_HASH,
		.source = "RFC 2202 test case 1",
		.key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		.input = "4869205468657265",
		.output = "b617318655057264e28bc0b6fb378c8ef146be00",
	},
	{
		.alg = "hmac(sha1)",
		.type = UCAPI_HASH,
		.source = "RFC 2202 test case 2",
		.key = "4a656665",
		.input = "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		.output = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	},
	{
		.alg = "hmac(sha1)",
		.type = UCAPI_HASH,
		.source = "RFC 2202 test case 6",
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.input = "54657374205573696e67204c6172676572205468616e20426c6f636b"
		         "2d53697a65204b6579202d2048617368204b6579204669727374",
		.output = "aa4ae5e15272d00e95705637ce8a3b55ed402112",
	},
	{
		.alg = "hmac(sha256)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 1",
		.key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		.input = "4869205468657265",
		.output = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c"
		          "2e32cff7",
	},
	{
		.alg = "hmac(sha512)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 1",
		.key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		.input = "4869205468657265",
		.output = "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b305"
		          "45e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f170"
		          "2e696c203a126854",
	},
	{
		.alg = "hmac(sha256)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 2",
		.key = "4a656665",
		.input = "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		.output = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b9"
		          "64ec3843",
	},
	{
		.alg = "hmac(sha512)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 2",
		.key = "4a656665",
		.input = "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		.output = "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7"
		          "ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b"
		          "636e070a38bce737",
	},
	{
		.alg = "hmac(sha256)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 3",
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.input = "dddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
		         "dddddddddddddddddddddddddddddddddddddddddddd",
		.output = "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514"
		          "ced565fe",
	},
	{
		.alg = "hmac(sha512)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 3",
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.input = "dddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
		         "dddddddddddddddddddddddddddddddddddddddddddd",
		.output = "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33"
		          "b2279d39bf3e848279a722c806b485a47e67c807b946a337bee89426"
		          "74278859e13292fb",
	},
	{
		.alg = "hmac(sha256)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 6",
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.input = "54657374205573696e67204c6172676572205468616e20426c6f636b"
		         "2d53697a65204b6579202d2048617368204b6579204669727374",
		.output = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f"
		          "0ee37f54",
	},
	{
		.alg = "hmac(sha512)",
		.type = UCAPI_HASH,
		.source = "RFC 4231 test case 6",
		.key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		.input = "54657374205573696e67204c6172676572205468616e20426c6f636b"
		         "2d53697a65204b6579202d2048617368204b6579204669727374",
		.output = "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b0137"
		          "83f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec"
		          "8b915a985d786598",
	},
};

const unsigned int kat_vector_count =
	sizeof(kat_vectors) / sizeof(kat_vectors[0]);
