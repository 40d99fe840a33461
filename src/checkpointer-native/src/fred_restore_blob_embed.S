/* Embeds the flat restorer (built from fred_restore_blob.c) into libfredckpt.so. */
    .section .rodata
    .balign 16
    .globl fred_blob_start
    .hidden fred_blob_start
fred_blob_start:
    .incbin FRED_BLOB_BIN
    .globl fred_blob_end
    .hidden fred_blob_end
fred_blob_end:
    .section .note.GNU-stack,"",@progbits
