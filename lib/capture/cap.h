/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef CAP_H
#define CAP_H

/**
 * @file
 * Capture files: reading and checking records, writing captures, paced
 * replay schedules (cap_pace_*, see the pacing section below), and the
 * receive queue a NIC's RSS gives a frame (cap_rss_*, the RSS section).
 *
 * Reading goes through libpcap, so every format libpcap reads is accepted:
 * pcap with microsecond or nanosecond timestamps in either byte order, and
 * pcapng. Timestamps are always returned in nanoseconds.
 *
 * Every record read is accounted for: it is either delivered
 * (cap_record.refusal == CAP_REFUSAL_NONE) or refused with one reason, and
 * the reader's counts keep records == delivered + sum(refused[]). A refused
 * record never stops the reader; the next cap_next() call goes on. A file
 * libpcap cannot read to its end (a record cut short by the end of the
 * file, or a record header libpcap refuses) ends with one refused record
 * standing for the rest of the file (CAP_REFUSAL_TRUNCATED or
 * CAP_REFUSAL_UNREADABLE): what came before is read as usual.
 *
 * Threading: a reader or a writer is used by one thread at a time. The
 * library keeps no global state besides its log type, so different readers
 * and writers may be used on different lcores at once. Nothing here is a
 * fast-path call: readers and writers do file I/O.
 *
 * The library never prints to stdout and never exits. Errors a person has
 * to read (a file that cannot be used) are written into a caller's buffer
 * and name the file and the reason; other diagnostics go to the DPDK log
 * type "lib.capture".
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_mbuf;
struct rte_mempool;

/** Largest frame accepted when cap_open_params.max_frame is 0. */
#define CAP_MAX_FRAME_DEFAULT 9216u

/** Length of the Ethernet header a converted record is given. */
#define CAP_ETHER_HDR_LEN 14u

/** Snapshot length a writer uses when given 0. */
#define CAP_SNAPLEN_DEFAULT 262144u

/** Suggested size of the err buffers passed to this library. */
#define CAP_ERR_LEN 256

/**
 * The messages this library writes in err start with the file's name
 * ("PATH: reason"); for a caller whose own message names the file
 * already, the reason alone (err itself when it does not start so).
 */
static inline const char *
cap_err_reason(const char *err, const char *path)
{
	size_t n = strlen(path);

	if (strncmp(err, path, n) == 0 && err[n] == ':' && err[n + 1] == ' ')
		return err + n + 2;
	return err;
}

/** On-disk format of a capture file. */
enum cap_format {
	CAP_FORMAT_PCAP = 0,     /**< pcap, microsecond timestamps */
	CAP_FORMAT_PCAP_NSEC,    /**< pcap, nanosecond timestamps */
	CAP_FORMAT_PCAPNG,       /**< pcapng */
};

/** Why a record was refused. CAP_REFUSAL_NONE means delivered. */
enum cap_refusal {
	CAP_REFUSAL_NONE = 0,
	/** Captured length larger than the original length. */
	CAP_REFUSAL_CAPLEN_OVER_LEN,
	/** Zero bytes, or shorter than an Ethernet header (14 bytes). */
	CAP_REFUSAL_RUNT,
	/** Captured length larger than the maximum frame. */
	CAP_REFUSAL_OVERSIZE,
	/** Last record cut short by the end of the file. */
	CAP_REFUSAL_TRUNCATED,
	/**
	 * Record of a converted link type that cannot be made an Ethernet
	 * frame (unknown protocol family, header shorter than the link
	 * header, IP version neither 4 nor 6).
	 */
	CAP_REFUSAL_LINKTYPE,
	/**
	 * libpcap cannot read the file past this point for a reason other
	 * than a record cut short by the end of the file (a record header it
	 * refuses, a block it cannot parse, an I/O error): the rest of the
	 * file counts as this one record. cap_reader_error() gives
	 * libpcap's reason.
	 */
	CAP_REFUSAL_UNREADABLE,
	CAP_REFUSAL_MAX,          /**< number of values, not a reason */
};

/** Options for cap_open() and cap_scan(). A NULL pointer means defaults. */
struct cap_open_params {
	/** Largest captured length delivered; 0 means CAP_MAX_FRAME_DEFAULT. */
	uint32_t max_frame;
	/**
	 * Convert raw IPv4/IPv6 (DLT_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6),
	 * Linux cooked (SLL, SLL2) and BSD loopback (DLT_NULL, DLT_LOOP)
	 * captures to Ethernet frames: the link header is replaced by a
	 * 14-byte Ethernet header carrying the right ethertype, destination
	 * 02:00:00:00:00:02, source 02:00:00:00:00:01. Both lengths change
	 * by the difference in header size. Without it such files are
	 * refused at open with ENOTSUP.
	 */
	bool convert;
};

/** What a capture file is. */
struct cap_info {
	enum cap_format format;
	bool swapped;             /**< written in the other byte order */
	int linktype;             /**< DLT value of the file (before conversion) */
	/** Short name of the link type (pcap_datalink_val_to_name) or "DLT_n". */
	char linktype_name[32];
	uint32_t snaplen;         /**< snapshot length from the file header */
	bool converting;          /**< records are converted to Ethernet */
};

/**
 * One record. The data belongs to the reader and stays valid until the
 * next cap_next(), cap_rewind() or cap_close() on the same reader.
 */
struct cap_record {
	const uint8_t *data;      /**< captured bytes; NULL when truncated */
	uint32_t caplen;          /**< bytes at data */
	uint32_t len;             /**< original length on the wire */
	uint64_t ts_ns;           /**< timestamp, ns since the Unix epoch */
	uint64_t index;           /**< 0-based position in the file */
	enum cap_refusal refusal; /**< CAP_REFUSAL_NONE: deliverable */
	bool converted;           /**< given a synthesized Ethernet header */
	/**
	 * Lengths as the file holds them, before conversion and checks:
	 * what a reader of the raw file (net_pcap) sees. 0 for the record
	 * that stands for a truncated or unreadable rest of the file.
	 */
	uint32_t file_caplen;
	uint32_t file_len;
};

/**
 * Per-reader accounting. records == delivered + sum(refused[]).
 * refused[CAP_REFUSAL_NONE] is always 0. converted counts delivered
 * records only.
 */
struct cap_counts {
	uint64_t records;
	uint64_t delivered;
	uint64_t refused[CAP_REFUSAL_MAX];
	uint64_t converted;
	uint64_t bytes_delivered; /**< sum of caplen of delivered records */
};

/** Result of cap_scan(). */
struct cap_scan_result {
	struct cap_info info;
	struct cap_counts counts;
	uint64_t first_ts_ns;     /**< first record's timestamp (0: none) */
	uint64_t last_ts_ns;      /**< last record's timestamp (0: none) */
	uint32_t max_caplen;      /**< largest captured length seen */
	/**
	 * Records libpcap returns when reading the file itself, as net_pcap
	 * does: every record except a truncated tail, refused or not, of any
	 * link type. A net_pcap rx_pcap port delivers this many packets per
	 * pass over the file.
	 */
	uint64_t netpcap_records;
	/** Records over 65535 captured bytes (net_pcap builds broken mbufs). */
	uint64_t netpcap_over_65535;
	/** Records with caplen > len (net_pcap delivers them as they are). */
	uint64_t netpcap_caplen_over_len;
	/**
	 * libpcap's reason when the file ends with a CAP_REFUSAL_UNREADABLE
	 * record, naming the file and the record; otherwise empty.
	 */
	char read_error[CAP_ERR_LEN];
};

struct cap_reader;
struct cap_writer;

/**
 * Name of a refusal reason, lower case, for reports and JSON keys:
 * "none", "caplen_over_len", "runt", "oversize", "truncated", "linktype".
 *
 * @param reason
 *   A reason.
 * @return
 *   A static string; "unknown" for a value out of range.
 */
const char *
cap_refusal_name(enum cap_refusal reason);

/**
 * Name of a format: "pcap", "nsecpcap" or "pcapng".
 *
 * @param format
 *   A format.
 * @return
 *   A static string; "unknown" for a value out of range.
 */
const char *
cap_format_name(enum cap_format format);

/**
 * Open a capture file for reading and check its header.
 *
 * The file is opened with libpcap at nanosecond precision. A file with a
 * header and no record is a valid, empty capture: the first cap_next()
 * returns 0. A link type other than Ethernet is refused unless
 * params->convert is set and the link type is one cap_open_params.convert
 * lists.
 *
 * @param path
 *   File to read.
 * @param params
 *   Options, or NULL for defaults.
 * @param err
 *   Buffer for a message naming the file and the reason, or NULL.
 *   Written on failure only.
 * @param errlen
 *   Size of err.
 * @return
 *   A reader, or NULL with rte_errno set:
 *   - EINVAL: path is NULL, or params->max_frame is below 14;
 *   - ENOENT, EACCES, EISDIR, ...: the file cannot be opened (the errno
 *     of the open call);
 *   - ENODATA: the file is empty (0 bytes): not even a file header;
 *   - EBADMSG: not a capture file (unknown magic, or a header cut short);
 *   - ENOTSUP: link type other than Ethernet and not converted;
 *   - EIO: libpcap could not read the file for another reason;
 *   - ENOMEM: out of memory.
 */
struct cap_reader *
cap_open(const char *path, const struct cap_open_params *params,
	char *err, size_t errlen);

/**
 * Read the next record and account for it.
 *
 * A record that fails a check is returned with refusal set; the caller
 * skips it and calls again. A truncated last record (libpcap reports
 * "truncated dump file") is returned once as a record refused with
 * CAP_REFUSAL_TRUNCATED, data NULL and both lengths 0; the following call
 * returns 0. Any other read error of libpcap is returned the same way as
 * a record refused with CAP_REFUSAL_UNREADABLE (logged with the file
 * name; cap_reader_error() gives libpcap's reason): the reader then stays
 * at end of file.
 *
 * @param r
 *   Reader.
 * @param rec
 *   Filled with the record when 1 is returned.
 * @return
 *   - 1: a record (possibly refused);
 *   - 0: end of file;
 *   - -EINVAL: r or rec is NULL;
 *   - -ENOMEM: no memory to convert the record; the reader then stays at
 *     end of file.
 */
int
cap_next(struct cap_reader *r, struct cap_record *rec);

/**
 * Start again from the first record, for looping. The file is reopened,
 * so a file replaced on disk is read anew (and checked again). Counts keep
 * accumulating across rewinds; record indexes start again at 0.
 *
 * @param r
 *   Reader.
 * @return
 *   - 0 on success;
 *   - -EINVAL: r is NULL;
 *   - the negative rte_errno values of cap_open() if the file can no
 *     longer be opened; the reader then stays at end of file.
 */
int
cap_rewind(struct cap_reader *r);

/**
 * libpcap's reason for the last CAP_REFUSAL_UNREADABLE record, naming the
 * file and the record index.
 *
 * @param r
 *   Reader.
 * @return
 *   The message (owned by the reader), or "" when the reader met no read
 *   error or r is NULL.
 */
const char *
cap_reader_error(const struct cap_reader *r);

/**
 * Copy the reader's counts.
 *
 * @param r
 *   Reader.
 * @param counts
 *   Filled with the counts since cap_open().
 * @return
 *   0, or -EINVAL if r or counts is NULL.
 */
int
cap_reader_counts(const struct cap_reader *r, struct cap_counts *counts);

/**
 * Describe the file a reader reads.
 *
 * @param r
 *   Reader.
 * @param info
 *   Filled with format, byte order, link type and snapshot length.
 * @return
 *   0, or -EINVAL if r or info is NULL.
 */
int
cap_reader_info(const struct cap_reader *r, struct cap_info *info);

/**
 * Close a reader and free everything it holds. NULL is accepted.
 *
 * @param r
 *   Reader, or NULL.
 */
void
cap_close(struct cap_reader *r);

/**
 * Read a whole file once and report what is in it: the counts cap_next()
 * would produce, first and last timestamps, and what net_pcap would make
 * of the same file.
 *
 * @param path
 *   File to read.
 * @param params
 *   Options, or NULL for defaults.
 * @param res
 *   Filled with the result on success.
 * @param err
 *   Buffer for a message naming the file and the reason, or NULL.
 * @param errlen
 *   Size of err.
 * @return
 *   0 on success, or a negative errno: -EINVAL if res is NULL, the
 *   negative rte_errno values of cap_open(), or -ENOMEM from cap_next().
 */
int
cap_scan(const char *path, const struct cap_open_params *params,
	struct cap_scan_result *res, char *err, size_t errlen);

/**
 * Called by cap_scan_records() for every record, in file order, refused
 * ones included (rec->data may be NULL). Returns 0 to go on, or a negative
 * errno to stop the scan with that value.
 */
typedef int (*cap_scan_record_fn)(const struct cap_record *rec, void *arg);

/**
 * cap_scan(), calling fn for each record as it is read: for callers that
 * keep per-record facts (lengths, timestamps, which ones are refused).
 *
 * @param path
 *   File to read.
 * @param params
 *   Options, or NULL for defaults.
 * @param res
 *   Filled with the result on success.
 * @param fn
 *   Called for every record; NULL behaves as cap_scan().
 * @param arg
 *   Passed to fn.
 * @param err
 *   Buffer for a message naming the file and the reason, or NULL.
 * @param errlen
 *   Size of err.
 * @return
 *   The values of cap_scan(), or what fn returned when it stopped the
 *   scan.
 */
int
cap_scan_records(const char *path, const struct cap_open_params *params,
	struct cap_scan_result *res, cap_scan_record_fn fn, void *arg,
	char *err, size_t errlen);

/**
 * Copy a record into a new mbuf from mp.
 *
 * A record larger than one mbuf's data room (data room minus headroom for
 * the first segment, tailroom for the others) becomes a chain with
 * nb_segs, pkt_len and every data_len set; pkt_len equals rec->caplen.
 * Offload flags are cleared and packet_type is 0.
 *
 * @param mp
 *   Pool of packet mbufs (rte_pktmbuf_pool_create).
 * @param rec
 *   Record with data and caplen > 0. The refusal is not checked.
 * @return
 *   The mbuf, or NULL with rte_errno set (nothing left allocated):
 *   - EINVAL: mp or rec is NULL, rec->data is NULL or rec->caplen is 0,
 *     or the pool's mbufs have no data room;
 *   - ERANGE: the record needs more than RTE_MBUF_MAX_NB_SEGS segments;
 *   - ENOMEM: the pool ran out of mbufs.
 */
struct rte_mbuf *
cap_record_to_mbuf(struct rte_mempool *mp, const struct cap_record *rec);

/**
 * Create a capture file for writing. A path ending in ".pcapng" gives a
 * pcapng file (SHB, one IDB with if_tsresol 9, then EPBs); any other path
 * gives pcap 2.4 with nanosecond timestamps in host byte order. An existing
 * file is truncated and written in place. Writing is buffered; errors show
 * at the latest in cap_writer_close(). When the header cannot be written,
 * a regular file is removed; a device or a FIFO never is.
 *
 * @param path
 *   File to create.
 * @param linktype
 *   DLT value for the file, e.g. 1 (DLT_EN10MB).
 * @param snaplen
 *   Snapshot length; records are cut to it. 0 means CAP_SNAPLEN_DEFAULT.
 * @param err
 *   Buffer for a message naming the file and the reason, or NULL.
 * @param errlen
 *   Size of err.
 * @return
 *   A writer, or NULL with rte_errno set:
 *   - EINVAL: path is NULL or linktype is negative;
 *   - ENOENT, EACCES, ENOSPC, ...: the file cannot be created or its
 *     header written (the errno of the call that failed);
 *   - ENOMEM: out of memory.
 */
struct cap_writer *
cap_writer_open(const char *path, int linktype, uint32_t snaplen,
	char *err, size_t errlen);

/**
 * The same on a file descriptor already open for writing (a temporary
 * file, a FIFO, standard output), which the writer owns from here: it is
 * closed by cap_writer_close(), or at once when this fails. Nothing is
 * ever removed.
 *
 * @param fd
 *   Descriptor open for writing.
 * @param name
 *   Name for messages; a name ending in ".pcapng" gives pcapng.
 * @param linktype
 *   DLT value for the file.
 * @param snaplen
 *   Snapshot length; 0 means CAP_SNAPLEN_DEFAULT.
 * @param err
 *   Buffer for a message naming the file and the reason, or NULL.
 * @param errlen
 *   Size of err.
 * @return
 *   A writer, or NULL with rte_errno set: EINVAL (fd negative, name NULL,
 *   linktype out of range), the errno of the header write (ENOSPC, EPIPE,
 *   ...), ENOMEM.
 */
struct cap_writer *
cap_writer_fdopen(int fd, const char *name, int linktype, uint32_t snaplen,
	char *err, size_t errlen);

/**
 * Append one record.
 *
 * @param w
 *   Writer.
 * @param data
 *   Captured bytes.
 * @param caplen
 *   Bytes at data; cut to the writer's snapshot length.
 * @param len
 *   Original length; written as given (at least the written caplen).
 * @param ts_ns
 *   Timestamp in ns since the Unix epoch, written unchanged.
 * @return
 *   - 0 on success;
 *   - -EINVAL: w is NULL, or data is NULL with caplen > 0;
 *   - -EIO (or the errno of the failed write): the write failed.
 */
int
cap_writer_write(struct cap_writer *w, const void *data, uint32_t caplen,
	uint32_t len, uint64_t ts_ns);

/**
 * Append one packet held in an mbuf chain, following its segments.
 * Captured length is min(pkt_len, snaplen), original length pkt_len.
 *
 * @param w
 *   Writer.
 * @param m
 *   First segment of the packet.
 * @param ts_ns
 *   Timestamp in ns since the Unix epoch.
 * @return
 *   0, or the negative errno values of cap_writer_write(); -EINVAL also
 *   when m is NULL or its chain is shorter than pkt_len.
 */
int
cap_writer_write_mbuf(struct cap_writer *w, const struct rte_mbuf *m,
	uint64_t ts_ns);

/**
 * Number of records written so far.
 *
 * @param w
 *   Writer.
 * @return
 *   The count, or 0 if w is NULL.
 */
uint64_t
cap_writer_records(const struct cap_writer *w);

/**
 * Flush, close and free a writer. NULL is accepted (returns 0).
 *
 * @param w
 *   Writer, or NULL.
 * @return
 *   0, or a negative errno (-EIO or that of fflush/fclose) if buffered
 *   data could not be written; the writer is freed either way.
 */
int
cap_writer_close(struct cap_writer *w);

/* ------------------------------------------------------------ pacing */

/**
 * Paced replay schedules (cap_pace_*).
 *
 * A schedule turns records into absolute deadlines on the TSC. Every
 * deadline is computed in closed form from the schedule's start and the
 * record's position (its recorded time since the first record, its index,
 * or the bits sent before it), in integer arithmetic with a 128-bit
 * intermediate, so no rounding error accumulates: the deadline of record
 * 1,000,000 is exactly the formula's, however many records came before.
 *
 * - CAP_PACE_MULTIPLIER: deadline(i) = start + (ts(i) - ts(0)) * hz /
 *   (multiplier * 1e9); the multiplier is kept in units of 1e-9.
 * - CAP_PACE_PPS: deadline(i) = start + i * hz / pps; pps kept in 1e-3.
 * - CAP_PACE_MBPS: deadline(i) = start + bits(0..i-1) * hz / (mbps * 1e6),
 *   bits = 8 x captured length (what is sent); bit rate kept in 1e-3 b/s.
 * - CAP_PACE_TOPSPEED: every deadline is 0 (due at once, never late).
 *
 * Deadlines never go backwards: a record whose timestamp is earlier than
 * a previous one is due with that previous one. Several files or loops
 * are joined with cap_pace_segment(): the first record of a new segment
 * is due when the last record of the previous one was (multiplier mode);
 * packet and bit positions simply continue (pps, mbps).
 *
 * Threading: a schedule is plain data used by one thread; another thread
 * may read its late / max_late_tsc counters (single writer, 64-bit).
 * Nothing here allocates or logs; cap_pace_wait() busy-waits (rte_pause)
 * in the last CAP_PACE_SPIN_NS before a deadline and sleeps before that.
 */

/** Pacing mode of a schedule. */
enum cap_pace_mode {
	CAP_PACE_TOPSPEED = 0,    /**< as fast as the target takes packets */
	CAP_PACE_MULTIPLIER,      /**< recorded timing scaled by a factor */
	CAP_PACE_PPS,             /**< fixed packets per second */
	CAP_PACE_MBPS,            /**< fixed megabits per second */
};

/**
 * The rates a replay may be paced at, per mode: what cap_pace_init()
 * keeps exactly in its units (the multiplier in 1e-9, packet and bit rates
 * in 1e-3 per second). nblpmd's and nblpmd-advise's pacing options take
 * these, and cap_pace_rate_bounds() gives them by mode.
 */
#define CAP_PACE_MULTIPLIER_MIN 1e-9
#define CAP_PACE_MULTIPLIER_MAX 1e6
#define CAP_PACE_PPS_MIN 1e-3
#define CAP_PACE_PPS_MAX 1e9
#define CAP_PACE_MBPS_MIN 1e-9
#define CAP_PACE_MBPS_MAX 1e7

/**
 * Longest a schedule may run, from its first deadline to its last: 10^9 s
 * (about 31.7 years). Deadlines are 64-bit counts of TSC cycles from the
 * start (nblpmd) or of nanoseconds (the queue model's arrival times); this
 * span fits both for any clock up to 10 GHz, with room for the TSC value
 * the schedule starts at. cap_pace_fit() refuses a replay that would run
 * longer.
 */
#define CAP_PACE_SPAN_MAX_NS 1000000000000000000ull

/** What decides how long a schedule runs: what it schedules, in total. */
struct cap_pace_span {
	uint64_t records;         /**< records scheduled (delivered ones) */
	uint64_t bits;            /**< their bits, 8 x captured length */
	uint64_t time_ns;         /**< their recorded time, segments joined */
};

/** Lateness above which a packet counts as late when 0 is given (10 us). */
#define CAP_PACE_LATE_NS_DEFAULT 10000u

/**
 * cap_pace_wait() spins on the TSC for the last this many ns before a
 * deadline and sleeps before that: Linux timer slack makes a sleep end
 * about 50-100 us late, so 500 us leaves room for the spin to take over.
 */
#define CAP_PACE_SPIN_NS 500000u

/** A replay schedule. Fields are read-only for users but may be read. */
struct cap_pace {
	enum cap_pace_mode mode;
	uint64_t hz;              /**< TSC cycles per second */
	/**
	 * Scaled rate: multiplier x 1e9, pps x 1e3, or bits per second x 1e3;
	 * 0 for top speed.
	 */
	uint64_t rate;
	uint64_t late_tsc;        /**< lateness counted as late, in cycles */
	uint64_t start_tsc;       /**< deadline of the first record */
	/* position in the schedule */
	uint64_t count;           /**< records scheduled so far */
	uint64_t bits;            /**< bits of the records scheduled so far */
	uint64_t seg_base_ns;     /**< recorded time the segment starts at */
	uint64_t seg_first_ts_ns; /**< timestamp of the segment's first record */
	uint64_t seg_span_ns;     /**< largest ts - first ts in the segment */
	bool seg_open;            /**< the segment has its first record */
	uint64_t last_deadline;   /**< latest deadline handed out */
	/* lateness (single writer: the thread that sends) */
	uint64_t late;            /**< packets sent more than late_tsc late */
	uint64_t max_late_tsc;    /**< largest lateness seen, any packet */
};

/**
 * Set up a schedule. It starts at cap_pace_start().
 *
 * @param p
 *   Schedule to fill.
 * @param mode
 *   Pacing mode.
 * @param rate
 *   Multiplier, packets per second or megabits per second; ignored for
 *   CAP_PACE_TOPSPEED.
 * @param hz
 *   TSC frequency (rte_get_tsc_hz()).
 * @param late_ns
 *   Lateness above which a packet is counted late; 0 means
 *   CAP_PACE_LATE_NS_DEFAULT.
 * @return
 *   0, or -EINVAL: p is NULL, hz is 0, mode unknown, or the rate is not a
 *   finite positive number representable in the schedule's units
 *   (multiplier >= 1e-9, pps >= 1e-3, mbps >= 1e-9, none above 1e9).
 */
int
cap_pace_init(struct cap_pace *p, enum cap_pace_mode mode, double rate,
	uint64_t hz, uint64_t late_ns);

/**
 * Anchor the schedule: the first record is due at start_tsc.
 *
 * @param p
 *   Schedule.
 * @param start_tsc
 *   TSC value at which the first record is due.
 */
void
cap_pace_start(struct cap_pace *p, uint64_t start_tsc);

/**
 * Cycles after the start at which recorded time dt_ns is due
 * (multiplier mode): floor(dt_ns * hz / (multiplier * 1e9)).
 *
 * @return
 *   The offset in cycles; 0 in other modes.
 */
uint64_t
cap_pace_cycles_for_time(const struct cap_pace *p, uint64_t dt_ns);

/**
 * Cycles after the start at which record n (0-based) is due in pps
 * mode: floor(n * hz / pps).
 *
 * @return
 *   The offset in cycles; 0 in other modes.
 */
uint64_t
cap_pace_cycles_for_count(const struct cap_pace *p, uint64_t n);

/**
 * Cycles after the start at which a record is due once bits bits went
 * before it (mbps mode): floor(bits * hz / (mbps * 1e6)).
 *
 * @return
 *   The offset in cycles; 0 in other modes.
 */
uint64_t
cap_pace_cycles_for_bits(const struct cap_pace *p, uint64_t bits);

/**
 * Deadline of the next record, and advance the schedule past it.
 *
 * @param p
 *   Schedule, started.
 * @param ts_ns
 *   The record's timestamp (multiplier mode).
 * @param bytes
 *   Bytes the record puts on the wire (mbps mode).
 * @return
 *   Absolute TSC deadline, never earlier than the previous one; 0 at top
 *   speed.
 */
uint64_t
cap_pace_next(struct cap_pace *p, uint64_t ts_ns, uint32_t bytes);

/**
 * Begin a new segment (the next file, or the next loop over the files).
 * In multiplier mode its first record is due when the previous segment's
 * last record was; other modes continue their count.
 *
 * @param p
 *   Schedule.
 */
void
cap_pace_segment(struct cap_pace *p);

/**
 * Account for a packet sent at sent_tsc that was due at deadline.
 *
 * @param p
 *   Schedule.
 * @param deadline
 *   What cap_pace_next() returned for the packet.
 * @param sent_tsc
 *   TSC when the target took the packet.
 * @return
 *   The lateness in cycles (0 when on time or early). Above late_tsc the
 *   packet is counted in p->late; p->max_late_tsc keeps the largest.
 */
uint64_t
cap_pace_account(struct cap_pace *p, uint64_t deadline, uint64_t sent_tsc);

/**
 * Wait until the TSC reaches deadline: sleep while more than
 * CAP_PACE_SPIN_NS away, then spin with rte_pause().
 *
 * @param p
 *   Schedule (for its TSC frequency).
 * @param deadline
 *   Absolute TSC value; 0 or a past value returns at once.
 * @param stop
 *   Checked while waiting; NULL for none.
 * @return
 *   0 at the deadline, -EINTR if *stop became true first.
 */
int
cap_pace_wait(const struct cap_pace *p, uint64_t deadline,
	const volatile bool *stop);

/**
 * The rates a pacing mode takes (CAP_PACE_*_MIN and _MAX).
 *
 * @return
 *   0; -EINVAL for CAP_PACE_TOPSPEED (it has no rate) or an unknown mode.
 */
int
cap_pace_rate_bounds(enum cap_pace_mode mode, double *min, double *max);

/**
 * Name of a pacing mode as tcpreplay spells its option: "multiplier",
 * "pps", "mbps" or "topspeed" ("unknown" for another value).
 */
const char *
cap_pace_mode_name(enum cap_pace_mode mode);

/**
 * What a schedule has scheduled so far, as a span (records, bits, and
 * recorded time with the open segment counted).
 */
void
cap_pace_span_get(const struct cap_pace *p, struct cap_pace_span *span);

/**
 * How long a schedule of span runs at a rate, in ns from its first
 * deadline to its last (a bound: the last record's own interval counted);
 * 0 at top speed. A double, so a span that does not fit still has a size.
 */
double
cap_pace_span_ns(enum cap_pace_mode mode, double rate,
	const struct cap_pace_span *span);

/**
 * Check that the deadlines of a replay fit: a schedule of span at rate
 * runs at most CAP_PACE_SPAN_MAX_NS.
 *
 * @param bound
 *   When it does not fit: receives the smallest rate whose schedule
 *   fits, rounded up to three significant figures (for the multiplier,
 *   the smallest multiplier; for pps and mbps, the slowest rate). May be
 *   above the mode's CAP_PACE_*_MAX: then no rate fits.
 * @return
 *   0 when it fits (top speed always does); -ERANGE when it does not
 *   (bound set); -EINVAL for a NULL span or an unknown mode.
 */
int
cap_pace_fit(enum cap_pace_mode mode, double rate,
	const struct cap_pace_span *span, double *bound);

/** Cycles to microseconds, for reports. */
double
cap_pace_cycles_to_us(const struct cap_pace *p, uint64_t cycles);

/* ------------------------------------------------------------ RSS */

/**
 * Receive side scaling as a NIC applies it to a received frame
 * (cap_rss_*): the queue a record would be received on.
 *
 * The hash is the Toeplitz hash of NDIS RSS and of most NICs, computed
 * with DPDK's rte_softrss_be() (rte_thash.h, header-only, so no EAL is
 * needed). Its input, per frame (Ethernet, as cap_next() delivers it,
 * after any link-type conversion; up to two VLAN tags 0x8100 or 0x88a8
 * are skipped):
 * - IPv4 or IPv6 carrying TCP or UDP whose ports were captured: source
 *   address, destination address, source port, destination port (the
 *   4-tuple, CAP_RSS_INPUT_L4);
 * - other IPv4 or IPv6: the two addresses (the 2-tuple, CAP_RSS_INPUT_L3);
 *   so are IPv4 fragments (MF set or a fragment offset), which carry no
 *   ports or only the first one's, and IPv6 whose next header is not TCP
 *   or UDP (extension headers are not followed);
 * - anything else (not IP, an IP header cut short by the snapshot length,
 *   a version field that disagrees with the ethertype): no hash
 *   (CAP_RSS_INPUT_NONE), and the frame goes to queue 0.
 *
 * The queue is the indirection table's entry at hash % CAP_RSS_RETA_SIZE
 * (the hash's low seven bits); entry i holds i % nb_queues, the table
 * rte_eth_dev_rss_reta_update() users set by default and ethdev drivers
 * start with.
 *
 * Threading: a struct cap_rss is plain data, read-only once
 * cap_rss_init() filled it; any thread may hash with it at once. Nothing
 * here allocates, logs or prints.
 */

/** Length of an RSS key in bytes (the Toeplitz key of NDIS RSS). */
#define CAP_RSS_KEY_LEN 40u

/** Entries of the indirection table. */
#define CAP_RSS_RETA_SIZE 128u

/** What a frame's hash was computed over. */
enum cap_rss_input {
	CAP_RSS_INPUT_NONE = 0,   /**< not hashed: queue 0 */
	CAP_RSS_INPUT_L3,         /**< source and destination addresses */
	CAP_RSS_INPUT_L4,         /**< addresses and TCP/UDP ports */
	CAP_RSS_INPUT_MAX,        /**< number of values */
};

/**
 * The default key: the one of Microsoft's "Verifying the RSS Hash
 * Calculation" page, which most DPDK PMDs use by default as well.
 */
extern const uint8_t cap_rss_default_key[CAP_RSS_KEY_LEN];

/** An RSS configuration: the key and the indirection table. */
struct cap_rss {
	/** The key as rte_softrss_be() takes it (rte_convert_rss_key()). */
	uint32_t key_be[CAP_RSS_KEY_LEN / 4];
	uint8_t key[CAP_RSS_KEY_LEN];      /**< the key as given */
	uint16_t nb_queues;                /**< 1..CAP_RSS_RETA_SIZE */
	uint16_t reta[CAP_RSS_RETA_SIZE];  /**< entry i: i % nb_queues */
};

/**
 * Fill an RSS configuration.
 *
 * @param rss
 *   Configuration to fill.
 * @param key
 *   CAP_RSS_KEY_LEN bytes, or NULL for cap_rss_default_key.
 * @param nb_queues
 *   Queues the table spreads over, 1 to CAP_RSS_RETA_SIZE.
 * @return
 *   0, or -EINVAL: rss is NULL or nb_queues out of range.
 */
int
cap_rss_init(struct cap_rss *rss, const uint8_t *key, uint16_t nb_queues);

/**
 * Toeplitz hash of a frame, as the file comment says.
 *
 * @param rss
 *   Configuration (its key).
 * @param frame
 *   Ethernet frame; may be NULL when len is 0.
 * @param len
 *   Bytes at frame (the captured length).
 * @param input
 *   Receives what the hash was computed over; may be NULL.
 * @return
 *   The hash; 0 when nothing was hashed (*input CAP_RSS_INPUT_NONE).
 */
uint32_t
cap_rss_hash(const struct cap_rss *rss, const uint8_t *frame, uint32_t len,
	enum cap_rss_input *input);

/**
 * The queue of a hash: the indirection table's entry at
 * hash % CAP_RSS_RETA_SIZE, or 0 when nothing was hashed.
 */
static inline uint16_t
cap_rss_queue_of(const struct cap_rss *rss, uint32_t hash,
	enum cap_rss_input input)
{
	if (input == CAP_RSS_INPUT_NONE)
		return 0;
	return rss->reta[hash % CAP_RSS_RETA_SIZE];
}

/**
 * The queue a NIC with this configuration receives a frame on.
 *
 * @param rss
 *   Configuration.
 * @param frame
 *   Ethernet frame.
 * @param len
 *   Bytes at frame.
 * @param input
 *   Receives what the hash was computed over; may be NULL.
 * @return
 *   A queue from 0 to rss->nb_queues - 1.
 */
uint16_t
cap_rss_queue(const struct cap_rss *rss, const uint8_t *frame, uint32_t len,
	enum cap_rss_input *input);

/**
 * Parse a key written as 2 x CAP_RSS_KEY_LEN hexadecimal digits (an
 * optional "0x" first; a ':' may separate bytes).
 *
 * @param hex
 *   The text.
 * @param key
 *   Receives CAP_RSS_KEY_LEN bytes on success.
 * @param err
 *   Receives what is wrong (without the text itself), or NULL.
 * @param errlen
 *   Size of err.
 * @return
 *   0, or -EINVAL.
 */
int
cap_rss_key_parse(const char *hex, uint8_t *key, char *err, size_t errlen);

/**
 * Write a key as 2 x CAP_RSS_KEY_LEN lower-case hexadecimal digits.
 *
 * @param key
 *   CAP_RSS_KEY_LEN bytes.
 * @param buf
 *   Receives the text; at least 2 x CAP_RSS_KEY_LEN + 1 bytes, or it is
 *   cut short.
 * @param len
 *   Size of buf.
 */
void
cap_rss_key_format(const uint8_t *key, char *buf, size_t len);

/**
 * Name of an input kind for reports and JSON keys: "l4" (addresses and
 * ports), "l3" (addresses) or "none".
 *
 * @return
 *   A static string; "unknown" for a value out of range.
 */
const char *
cap_rss_input_name(enum cap_rss_input input);

#ifdef __cplusplus
}
#endif

#endif /* CAP_H */
