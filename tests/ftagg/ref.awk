# The test's own cors-ft-aggregate, written from SPEC 8.2 without the
# tool's code: it reads cors2ascii's text of the input files (each file's
# text preceded by a line "FILE name") and prints what cors-ft-aggregate
# must print, each line prefixed with an ordering key; the caller sorts on
# it (LC_ALL=C sort) and cuts it off.
#
# Variables: I (the -i value), KEEP (comma-separated -f fields), VAL (the
# -v field), LEGACY (1 for -l).
#
# Valid for inputs in time order whose first interval holds tuples and
# whose intervals follow each other (end + 1 = next start), which is what
# corsaro writes for a trace. Output interval b holds the source intervals
# whose start T has floor((T - T0) / I) = b (I > 0), each source interval
# (I = 0) or everything (I < 0); it starts one second after the previous
# output interval's end and ends where its last source interval ends (with
# -l, one second earlier unless that is the last interval of its file);
# a bin without source intervals repeats the previous end; the last is
# printed only if it holds a tuple. Rows are sorted as flowtuple sorts:
# protocol, ttl, flags, then src, dst, ports and ip_len each as the
# little-endian load of its network-order bytes.

function hexval(s,    i, v) {
    v = 0
    s = tolower(s)
    for (i = 1; i <= length(s); i++)
        v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v
}

# a.b.c.d loaded little-endian: d is the most significant byte
function le_addr(ip,    o) {
    split(ip, o, ".")
    return sprintf("%02x%02x%02x%02x", o[4], o[3], o[2], o[1])
}

# a 16-bit number's wire bytes (hi, lo) loaded little-endian: lo is first
function le_u16(v) {
    return sprintf("%02x%02x", v % 256, int(v / 256))
}

function sort_key(f) {
    return sprintf("%02x%02x%02x", f[5], f[6], hexval(substr(f[7], 3))) \
        le_addr(f[1]) le_addr(f[2]) le_u16(f[3]) le_u16(f[4]) le_u16(f[8])
}

BEGIN {
    split("src_ip dst_ip src_port dst_port protocol ttl tcp_flags ip_len packet_cnt",
          names, " ")
    for (i = 1; i <= 9; i++)
        col[names[i]] = i
    nk = split(KEEP, k, ",")
    for (i = 1; i <= nk; i++)
        if (k[i] != "")
            keep[col[k[i]]] = 1
    zero[1] = "0.0.0.0"; zero[2] = "0.0.0.0"; zero[7] = "0x00"
    vcol = col[VAL]
    nsrc = 0
    maxbin = -1
}

/^FILE / {
    if (nsrc > 0)
        lastof[nsrc] = 1
    next
}

/^# CORSARO_INTERVAL_START / {
    nsrc++
    sstart[nsrc] = $4
    if (nsrc == 1)
        t0 = $4
    if (I == 0)
        b = nsrc - 1
    else if (I < 0)
        b = 0
    else
        b = int((sstart[nsrc] - t0) / I)
    srcbin[nsrc] = b
    if (b > maxbin)
        maxbin = b
    next
}

/^# CORSARO_INTERVAL_END / {
    send[nsrc] = $4
    next
}

/^(START|END) / { next }

/\|/ {
    split($0, a, ",")
    n = split(a[1], f, "|")
    f[9] = a[2]
    key = ""
    for (i = 1; i <= 8; i++) {
        v = (i in keep) ? f[i] : ((i in zero) ? zero[i] : "0")
        g[i] = v
        key = key (i > 1 ? "|" : "") v
    }
    rk = b SUBSEP key
    if (!(rk in value)) {
        value[rk] = 0
        skey[rk] = sort_key(g)
    }
    if (vcol == 9) {
        value[rk] += f[9]
    } else if (!((rk, f[vcol]) in seen)) {
        seen[rk, f[vcol]] = 1
        value[rk]++
    }
    hastuple[b] = 1
}

END {
    lastof[nsrc] = 1
    for (s = 1; s <= nsrc; s++) {
        e = send[s] - ((LEGACY && !lastof[s]) ? 1 : 0)
        binend[srcbin[s]] = e   # the last source interval of the bin wins
    }
    prev = -1
    for (b = 0; b <= maxbin; b++) {
        if (b == maxbin && !(b in hastuple))
            break
        st = (b == 0) ? t0 : prev + 1
        en = (b in binend) ? binend[b] : prev
        printf "%08d 0 # CORSARO_INTERVAL_START %d %d\n", b, b, st
        printf "%08d 2 # CORSARO_INTERVAL_END %d %d\n", b, b, en
        prev = en
    }
    for (rk in value) {
        split(rk, p, SUBSEP)
        if (p[1] + 0 > maxbin)
            continue
        printf "%08d 1 %s %s,%.0f\n", p[1], skey[rk], p[2], value[rk]
    }
}
