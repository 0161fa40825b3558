# Derives data/registry/openssl-3.0-ciphers.csv from the local openssl 3.0 binary (see data/SOURCES.md).
# Usage: python3 derive-openssl-ciphers.py > data/registry/openssl-3.0-ciphers.csv
import subprocess, sys, collections
def expand(s):
    r = subprocess.run(['openssl','ciphers','-V',s],capture_output=True,text=True)
    if r.returncode: return None
    out=[]
    for line in r.stdout.splitlines():
        p=line.split()
        code=p[0]; name=p[2]; proto=p[3]
        if proto=='TLSv1.3': continue
        out.append((code,name))
    return out
allc = expand('ALL:COMPLEMENTOFALL:@SECLEVEL=0')
names = {c:n for c,n in allc}
aliases = "ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT kRSA kDHE kECDHE kPSK kRSAPSK kECDHEPSK kDHEPSK kSRP aRSA aDSS aNULL aECDSA aPSK aSRP ADH AECDH eNULL AES128 AES256 AES AESGCM AESCCM AESCCM8 CAMELLIA128 CAMELLIA256 CHACHA20 ARIA128 ARIA256 MD5 SHA1 SHA256 SHA384 SSLv3 TLSv1 TLSv1.2 HIGH FIPS CBC PSK CAMELLIA ARIA ARIAGCM DSS SRP ECDSA RSA DH EDH EECDH".split()
edges=collections.defaultdict(set); indeg={c:0 for c in names}
for a in aliases:
    seq=[c for c,_ in (expand(a+':@SECLEVEL=0') or [])]
    for x,y in zip(seq,seq[1:]):
        if y not in edges[x]: edges[x].add(y); indeg[y]+=1
order=[]; avail=[c for c in names if indeg[c]==0]; ambiguous=0
while avail:
    if len(avail)>1: ambiguous+=1; print('ambiguous', [names[c] for c in avail], file=sys.stderr)
    # prefer order of ALL:COMPLEMENTOFALL for determinism
    avail.sort(key=lambda c: [k for k,_ in allc].index(c))
    c=avail.pop(0); order.append(c)
    for y in edges[c]:
        indeg[y]-=1
        if indeg[y]==0: avail.append(y)
assert len(order)==len(names), (len(order),len(names))
sets={k:set(c for c,_ in (expand(k+':@SECLEVEL=0') or [])) for k in ['HIGH','MEDIUM','LOW','FIPS','COMPLEMENTOFDEFAULT']}
print('ambiguous steps', ambiguous, file=sys.stderr)
print('aliases used', len(aliases), file=sys.stderr)
f = sys.stdout
f.write('code,openssl_name,default_order,strength,fips,not_default\n')
for i,c in enumerate(order):
    code='0x'+c.replace('0x','').replace(',','')
    st='HIGH' if c in sets['HIGH'] else 'MEDIUM' if c in sets['MEDIUM'] else 'LOW' if c in sets['LOW'] else 'NONE'
    f.write(f"{code},{names[c]},{i+1},{st},{str(c in sets['FIPS']).lower()},{str(c in sets['COMPLEMENTOFDEFAULT']).lower()}\n")
# TLS 1.3 suites: configured by -ciphersuites, outside the rule engine; the attribute columns do not apply.
r = subprocess.run(['openssl','ciphers','-V','-ciphersuites','TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256','AES128-SHA'],capture_output=True,text=True)
for line in sorted(l for l in r.stdout.splitlines() if 'TLSv1.3' in l):
    p=line.split()
    f.write(f"0x{p[0].replace('0x','').replace(',','')},{p[2]},,,,\n")
